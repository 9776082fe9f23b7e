package io.sandwich.backend.cpu;

import io.sandwich.backend.FixedSparseBatch;

/** A CSR batch on the CPU with fixed capacity, refilled in place by each gather. */
final class CpuSparseBatch extends FixedSparseBatch {
    final int[] rowPtr;
    final int[] colIdx;
    final float[] values;

    CpuSparseBatch(int maxRows, int cols, int width) {
        super(cols, maxRows, width);
        int maxNnz = Math.max(1, maxRows * width);
        this.rowPtr = new int[maxRows + 1];
        this.colIdx = new int[maxNnz];
        this.values = new float[maxNnz];
    }
}
