package io.sandwich.backend.cpu;

import io.sandwich.backend.Sums;

/** Sums on the CPU: a plain array, added to by the operations that use it when they run. */
final class CpuSums implements Sums {
    final double[] values;

    CpuSums(int slots) {
        values = new double[slots];
    }

    @Override
    public int slots() {
        return values.length;
    }

    @Override
    public String toString() {
        return "CpuSums[" + values.length + "]";
    }
}
