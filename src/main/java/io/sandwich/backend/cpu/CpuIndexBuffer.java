package io.sandwich.backend.cpu;

import io.sandwich.backend.IndexBuffer;

/** An index vector on the CPU. */
final class CpuIndexBuffer implements IndexBuffer {
    final int[] idx;

    CpuIndexBuffer(int length) {
        this.idx = new int[length];
    }

    @Override
    public int length() {
        return idx.length;
    }
}
