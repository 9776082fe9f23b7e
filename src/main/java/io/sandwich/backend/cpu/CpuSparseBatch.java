package io.sandwich.backend.cpu;

import io.sandwich.backend.SparseBatch;

/** A CSR batch on the CPU with fixed capacity, refilled in place by each gather. */
final class CpuSparseBatch implements SparseBatch {
    final int cols;
    final int[] rowPtr;
    final int[] colIdx;
    final float[] values;
    /** The most entries a gathered row may have: the widest row of the matrix the batch was made for. */
    final int width;
    int rows;

    CpuSparseBatch(int maxRows, int cols, int width) {
        int maxNnz = Math.max(1, maxRows * width);
        this.cols = cols;
        this.width = width;
        this.rowPtr = new int[maxRows + 1];
        this.colIdx = new int[maxNnz];
        this.values = new float[maxNnz];
    }

    int capacity() {
        return rowPtr.length - 1;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }
}
