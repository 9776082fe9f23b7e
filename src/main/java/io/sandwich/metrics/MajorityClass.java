package io.sandwich.metrics;

import io.sandwich.data.CsrMatrix;
import java.util.Arrays;

/**
 * The predictor that always answers the most frequent category (argmax) of its training targets; for top-k it
 * answers the k most frequent. Ties go to the lower category index.
 */
public final class MajorityClass {
    private final int[] ranking;
    private final int[] counts;

    private MajorityClass(int[] counts) {
        this.counts = counts;
        Integer[] order = new Integer[counts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Integer.compare(counts[b], counts[a])
                : Integer.compare(a, b));
        this.ranking = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** Counts the argmax category of every row of {@code targets}. */
    public static MajorityClass fit(CsrMatrix targets) {
        int[] counts = new int[targets.cols()];
        for (int r = 0; r < targets.rows(); r++) {
            counts[targets.argmaxRow(r)]++;
        }
        return new MajorityClass(counts);
    }

    /** The most frequent category. */
    public int category() {
        return ranking[0];
    }

    /** How many training rows had that category. */
    public int count() {
        return counts[ranking[0]];
    }

    /** Share of rows of {@code targets} whose category is the majority one. */
    public double accuracy(CsrMatrix targets) {
        return topK(targets, 1);
    }

    /** Share of rows of {@code targets} whose category is among the k most frequent. */
    public double topK(CsrMatrix targets, int k) {
        boolean[] in = new boolean[counts.length];
        for (int i = 0; i < Math.min(k, ranking.length); i++) {
            in[ranking[i]] = true;
        }
        int hit = 0;
        for (int r = 0; r < targets.rows(); r++) {
            if (in[targets.argmaxRow(r)]) {
                hit++;
            }
        }
        return targets.rows() == 0 ? 0.0 : (double) hit / targets.rows();
    }
}
