package io.sandwich.metrics.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    private static final double EPS = 1e-12;
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    private static Map<String, List<String>> one(String... items) {
        return Map.of("u", List.of(items));
    }

    @Test
    void twoHitsOutOfThreeRelevantAtFive() {
        // truth {a,b,c}; pred a x b y z: hits at ranks 1 and 3.
        RankingReport r = RankingMetrics.evaluate(one("a", "b", "c"), one("a", "x", "b", "y", "z"), 5);
        assertEquals(5, r.k());
        assertEquals(1, r.users());
        assertEquals(2.0 / 5, r.precision(), EPS);
        assertEquals(2.0 / 3, r.recall(), EPS);
        // AP = (P@1 + P@3) / min(3, 5) = (1 + 2/3) / 3 = 5/9
        assertEquals(5.0 / 9, r.map(), EPS);
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) + 1/2
        assertEquals(1.5 / (1.5 + 1 / LOG2_3), r.ndcg(), EPS);
        assertEquals(0.7039180890341347, r.ndcg(), 1e-9);
        assertEquals(1.0, r.hitRate(), EPS);
        assertEquals(2.0 / 3, r.seedScore(), EPS);
    }

    @Test
    void singleRelevantItemAtRankTwo() {
        RankingReport r = RankingMetrics.evaluate(one("a"), one("x", "a"), 3);
        assertEquals(1.0 / 3, r.precision(), EPS);
        assertEquals(1.0, r.recall(), EPS);
        assertEquals(0.5, r.map(), EPS); // P@2 / min(1, 3)
        assertEquals(1 / LOG2_3, r.ndcg(), EPS); // (1/log2 3) / 1
        assertEquals(1.0, r.hitRate(), EPS);
        assertEquals(1.0, r.seedScore(), EPS);
    }

    @Test
    void mapAndNdcgNormaliseByKWhenTruthIsLonger() {
        RankingReport r = RankingMetrics.evaluate(one("a", "b", "c", "d"), one("b", "a", "x"), 2);
        assertEquals(1.0, r.precision(), EPS);
        assertEquals(0.5, r.recall(), EPS);
        assertEquals(1.0, r.map(), EPS); // (1 + 1) / min(4, 2)
        assertEquals(1.0, r.ndcg(), EPS);
        assertEquals(0.5, r.seedScore(), EPS);
    }

    @Test
    void seedScoreCountsPredictionsBeyondK() {
        RankingReport r = RankingMetrics.evaluate(one("a", "b"), one("x", "y", "a", "b"), 2);
        assertEquals(0.0, r.precision(), EPS);
        assertEquals(0.0, r.recall(), EPS);
        assertEquals(0.0, r.map(), EPS);
        assertEquals(0.0, r.ndcg(), EPS);
        assertEquals(0.0, r.hitRate(), EPS);
        assertEquals(1.0, r.seedScore(), EPS);
    }

    @Test
    void repeatedPredictionsCountOnceAndDoNotTakeASlot() {
        // pred a a b -> a b: one hit at rank 1, b is relevant at rank 2.
        RankingReport r = RankingMetrics.evaluate(one("a", "b"), one("a", "a", "b"), 2);
        assertEquals(1.0, r.precision(), EPS);
        assertEquals(1.0, r.recall(), EPS);
        assertEquals(1.0, r.map(), EPS);
        RankingReport s = RankingMetrics.evaluate(one("a"), one("a", "a", "a"), 2);
        assertEquals(0.5, s.precision(), EPS);
        assertEquals(1.0, s.seedScore(), EPS);
    }

    @Test
    void repeatedTruthItemsCountOnce() {
        RankingReport r = RankingMetrics.evaluate(one("a", "a"), one("a"), 1);
        assertEquals(1.0, r.recall(), EPS);
        assertEquals(1.0, r.seedScore(), EPS);
    }

    @Test
    void meansAreOverTruthUsersWithMissingPredictionsAsEmpty() {
        Map<String, List<String>> truth = new LinkedHashMap<>();
        truth.put("u1", List.of("a"));
        truth.put("u2", List.of("b"));
        Map<String, List<String>> pred = new LinkedHashMap<>();
        pred.put("u1", List.of("a"));
        pred.put("u3", List.of("c")); // prediction-only: ignored, counted
        RankingReport r = RankingMetrics.evaluate(truth, pred, 1);
        assertEquals(2, r.users());
        assertEquals(1, r.missingPredUsers());
        assertEquals(1, r.predOnlyUsers());
        assertEquals(0.5, r.precision(), EPS);
        assertEquals(0.5, r.recall(), EPS);
        assertEquals(0.5, r.map(), EPS);
        assertEquals(0.5, r.ndcg(), EPS);
        assertEquals(0.5, r.hitRate(), EPS);
        assertEquals(0.5, r.seedScore(), EPS);
    }

    @Test
    void averagesPerUserScores() {
        Map<String, List<String>> truth = Map.of("u1", List.of("a", "b", "c"), "u2", List.of("a"));
        Map<String, List<String>> pred = Map.of("u1", List.of("a", "x", "b", "y", "z"), "u2", List.of("x", "a"));
        RankingReport r = RankingMetrics.evaluate(truth, pred, 3);
        // u1 @3: hits a(1), b(3): P 2/3, R 2/3, AP (1 + 2/3)/3, DCG 1.5, IDCG 1 + 1/log2 3 + 1/2
        // u2 @3: hit a(2): P 1/3, R 1, AP 1/2, NDCG 1/log2 3
        assertEquals((2.0 / 3 + 1.0 / 3) / 2, r.precision(), EPS);
        assertEquals((2.0 / 3 + 1) / 2, r.recall(), EPS);
        assertEquals((5.0 / 9 + 0.5) / 2, r.map(), EPS);
        assertEquals((1.5 / (1.5 + 1 / LOG2_3) + 1 / LOG2_3) / 2, r.ndcg(), EPS);
        assertEquals(1.0, r.hitRate(), EPS);
        assertEquals((2.0 / 3 + 1) / 2, r.seedScore(), EPS);
    }

    @Test
    void truthUserWithoutItemsScoresZeroButCounts() {
        RankingReport r = RankingMetrics.evaluate(
                Map.of("u1", List.of(), "u2", List.of("a")), Map.of("u1", List.of("a"), "u2", List.of("a")), 1);
        assertEquals(0.5, r.precision(), EPS);
        assertEquals(0.5, r.recall(), EPS);
        assertEquals(0.5, r.map(), EPS);
        assertEquals(0.5, r.ndcg(), EPS);
        assertEquals(0.5, r.seedScore(), EPS);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.evaluate(one("a"), one("a"), 0));
        assertThrows(IllegalArgumentException.class, () -> RankingMetrics.evaluate(Map.of(), one("a"), 5));
    }

    @Test
    void jsonAndMarkdown() {
        RankingReport r = RankingMetrics.evaluate(one("a", "b", "c"), one("a", "x", "b", "y", "z"), 5);
        JsonObject o = JsonParser.parseString(r.toJson()).getAsJsonObject();
        assertEquals(5, o.get("k").getAsInt());
        assertEquals(1, o.get("users").getAsInt());
        assertEquals(0, o.get("predOnlyUsers").getAsInt());
        assertEquals(0.4, o.get("precision").getAsDouble(), EPS);
        assertEquals(2.0 / 3, o.get("seedScore").getAsDouble(), EPS);
        String md = r.toMarkdown();
        assertTrue(md.contains("| precision@5 | 0.4000 |"), md);
        assertTrue(md.contains("| MAP@5 | 0.5556 |"), md);
        assertTrue(md.contains("| NDCG@5 | 0.7039 |"), md);
        assertTrue(md.contains("| seed score (all predictions) | 0.6667 |"), md);
    }
}
