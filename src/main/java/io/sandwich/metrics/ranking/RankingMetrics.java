package io.sandwich.metrics.ranking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores predicted item lists (rank order) against truth item sets, user by user, and averages the scores over
 * the truth users.
 *
 * <p>A truth list is a set: repeats count once. A prediction list keeps the first occurrence of each item, so a
 * repeated recommendation neither scores twice nor pushes later items out of the top k. A truth user with no
 * items ({@code user:}) can have no hit: it scores zero on every metric and still counts in the means.
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    /**
     * Evaluates {@code pred} against {@code truth} at cut-off {@code k}.
     *
     * @param truth user to the items the user read; every user here is evaluated
     * @param pred user to recommended items, best first; a truth user missing here counts as an empty list
     * @param k the cut-off, at least 1
     * @throws IllegalArgumentException if {@code k < 1} or {@code truth} is empty
     */
    public static RankingReport evaluate(
            Map<String, ? extends List<String>> truth, Map<String, ? extends List<String>> pred, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("expected k >= 1, found " + k);
        }
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("expected at least one truth user, found none");
        }
        double precision = 0, recall = 0, map = 0, ndcg = 0, hitRate = 0, seed = 0;
        int missing = 0;
        for (Map.Entry<String, ? extends List<String>> e : truth.entrySet()) {
            Set<String> relevant = new LinkedHashSet<>(e.getValue());
            List<String> predicted = pred.get(e.getKey());
            if (predicted == null) {
                missing++;
                predicted = List.of();
            }
            List<String> ranked = new ArrayList<>(new LinkedHashSet<>(predicted));
            int hits = 0;
            double sumPrecision = 0;
            double dcg = 0;
            for (int i = 0; i < Math.min(k, ranked.size()); i++) {
                if (relevant.contains(ranked.get(i))) {
                    hits++;
                    sumPrecision += (double) hits / (i + 1);
                    dcg += discount(i);
                }
            }
            precision += (double) hits / k;
            hitRate += hits > 0 ? 1 : 0;
            if (!relevant.isEmpty()) {
                int ideal = Math.min(relevant.size(), k);
                recall += (double) hits / relevant.size();
                map += sumPrecision / ideal;
                ndcg += dcg / idealDcg(ideal);
                long all = ranked.stream().filter(relevant::contains).count();
                seed += (double) all / relevant.size();
            }
        }
        int n = truth.size();
        int predOnly = (int) pred.keySet().stream().filter(u -> !truth.containsKey(u)).count();
        return new RankingReport(k, n, missing, predOnly,
                precision / n, recall / n, map / n, ndcg / n, hitRate / n, seed / n);
    }

    /** 1 / log2(rank + 1) for the 0-based position {@code i}, i.e. 1-based rank {@code i + 1}. */
    private static double discount(int i) {
        return 1.0 / (Math.log(i + 2) / Math.log(2));
    }

    private static double idealDcg(int hits) {
        double sum = 0;
        for (int i = 0; i < hits; i++) {
            sum += discount(i);
        }
        return sum;
    }
}
