package io.sandwich.backend;

/**
 * The counter-based hash behind every random draw a backend makes (dropout masks, epoch row orders): the SplitMix64
 * finaliser of a key built from (seed, counter, index). It depends on nothing but its arguments, so a GPU kernel
 * draws exactly what the CPU draws, element by element, in any order.
 */
public final class CounterHash {
    private CounterHash() {
    }

    /** 64 random bits for (seed, counter, index); {@code native/sandwich_kernels.cu}'s {@code mix} is the same. */
    public static long bits(long seed, long counter, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (counter + 1) + 0xBF58476D1CE4E5B9L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
