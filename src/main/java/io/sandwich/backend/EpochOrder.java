package io.sandwich.backend;

/**
 * The row order of one training epoch: a pseudo-random permutation of {@code 0 .. n-1} given by (seed, epoch) alone
 * and computed position by position, so that a GPU builds it in device memory with one thread per row (no sort, no
 * host work, no upload) and the CPU builds the same one.
 *
 * <p>Position {@code i} maps to a six-round Feistel network over the smallest even number of bits covering
 * {@code n}, walking the cycle until the value falls below {@code n} (fewer than four rounds of walking on
 * average, since the domain is under {@code 4n}). Each round's function is {@link CounterHash} keyed by the round.
 * A Feistel network is a bijection of its domain for any round function, so the result is a permutation whatever
 * the seed; the rounds make it look random. Checkpointed runs need not store a generator: the order of epoch
 * {@code e} is a function of {@code e}.
 */
public final class EpochOrder {
    /** Feistel rounds; the GPU kernel {@code shuffle} uses the same number. */
    static final int ROUNDS = 6;

    private EpochOrder() {
    }

    /** Bits of each half of the Feistel domain for {@code n} rows. */
    static int halfBits(int n) {
        int bits = Math.max(2, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
        return (bits + 1) / 2;
    }

    /** The row at position {@code i} of the order of {@code n} rows for (seed, epoch). */
    public static int at(int i, int n, long seed, long epoch) {
        if (i < 0 || i >= n) {
            throw new BackendException("epoch order: position " + i + " is outside 0.." + (n - 1));
        }
        int half = halfBits(n);
        long mask = (1L << half) - 1;
        long x = i;
        do {
            long left = x >>> half;
            long right = x & mask;
            for (int r = 0; r < ROUNDS; r++) {
                long f = CounterHash.bits(seed, epoch, ((long) r << 32) | right) & mask;
                long next = left ^ f;
                left = right;
                right = next;
            }
            x = (left << half) | right;
        } while (x >= n);
        return (int) x;
    }

    /** Fills {@code order} (its length is the row count) with the order of (seed, epoch). */
    public static void fill(int[] order, long seed, long epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = at(i, order.length, seed, epoch);
        }
    }
}
