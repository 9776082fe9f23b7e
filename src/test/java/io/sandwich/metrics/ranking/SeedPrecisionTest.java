package io.sandwich.metrics.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandwich.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reproduces the seed's recommendation figure on its shipped files ({@link TestData#seed}). */
class SeedPrecisionTest {
    @Test
    void seedScoreOfTheShippedBaselineIsPoint018() throws IOException {
        Path dir = TestData.seed().resolve("precision");
        RankingReport r = RankingMetrics.evaluate(
                RankingFile.read(dir.resolve("text.txt")), RankingFile.read(dir.resolve("output_base.txt")), 5);
        assertEquals(857, r.users());
        assertEquals(0, r.missingPredUsers());
        assertEquals(0, r.predOnlyUsers());
        assertEquals(0.018, Math.round(r.seedScore() * 1000) / 1000.0, 1e-12, "PAPER.md: \"it gives 0.018\"");
        assertEquals(seedScore(dir.resolve("text.txt"), dir.resolve("output_base.txt")), r.seedScore(), 1e-12);
    }

    /**
     * The seed code's score computed here on its own, without RankingFile or RankingMetrics: the mean over the truth
     * file's users of |read and recommended| / |read|, from the raw {@code user:item,item,...} lines.
     */
    private static double seedScore(Path truth, Path predictions) throws IOException {
        Map<String, Set<String>> pred = new HashMap<>();
        for (String line : Files.readAllLines(predictions)) {
            String[] p = line.split(":", 2);
            pred.put(p[0], new HashSet<>(Arrays.asList(p[1].split(","))));
        }
        double sum = 0;
        int users = 0;
        for (String line : Files.readAllLines(truth)) {
            String[] p = line.split(":", 2);
            Set<String> read = new HashSet<>(Arrays.asList(p[1].split(",")));
            long both = read.stream().filter(pred.getOrDefault(p[0], Set.of())::contains).count();
            sum += (double) both / read.size();
            users++;
        }
        return sum / users;
    }
}
