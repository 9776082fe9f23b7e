package io.sandwich.backend.cpu;

import io.sandwich.backend.IndexBuffer;

/**
 * An index vector on the CPU.
 *
 * @param idx the indices
 */
record CpuIndexBuffer(int[] idx) implements IndexBuffer {
    CpuIndexBuffer(int length) {
        this(new int[length]);
    }

    @Override
    public int length() {
        return idx.length;
    }
}
