package io.sandwich.backend.cpu;

import io.sandwich.backend.Tensor;
import java.nio.FloatBuffer;

/**
 * A CPU tensor: a row-major window of a direct float buffer (position 0, limit = size).
 *
 * @param buf the elements
 * @param rows number of rows
 * @param cols number of columns
 */
record CpuTensor(FloatBuffer buf, int rows, int cols) implements Tensor {
    @Override
    public String toString() {
        return "CpuTensor" + shape();
    }
}
