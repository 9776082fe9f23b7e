package io.sandwich.backend.cpu;

import io.sandwich.backend.Tensor;
import java.nio.FloatBuffer;

/** A CPU tensor: a row-major window of a direct float buffer (position 0, limit = size). */
final class CpuTensor implements Tensor {
    final FloatBuffer buf;
    private final int rows;
    private final int cols;

    CpuTensor(FloatBuffer buf, int rows, int cols) {
        this.buf = buf;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public String toString() {
        return "CpuTensor" + shape();
    }
}
