package io.sandwich.backend;

/**
 * Sums in double precision kept by the backend (in device memory on a GPU), one per slot, that the reductions add
 * to when they run: a batch's loss ({@link Backend#lossAndGradient}), its hits ({@link Backend#countCorrect}), a
 * tensor's non-finite values ({@link Backend#countNonFinite}). Each reduction sums its batch in double and adds that
 * once, so a split of a million rows sums as exactly as the CPU's double loop, and counts stay whole numbers, exact
 * up to 2^53 (a float slot loses small terms past 2^24).
 */
public interface Sums {
    /** The number of slots. */
    int slots();
}
