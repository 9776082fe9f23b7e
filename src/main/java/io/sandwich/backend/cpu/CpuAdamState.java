package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamState;
import io.sandwich.backend.Counter;

/**
 * Adam's moments on the heap in fixed-size chunks, so that the update loop indexes parameters, gradients and
 * moments alike and the JIT vectorises it.
 */
final class CpuAdamState implements AdamState {
    static final int CHUNK = 16384;

    final float[][] m;
    final float[][] v;
    final CpuCounter steps = new CpuCounter();
    private final int size;

    CpuAdamState(int size) {
        this.size = size;
        int chunks = (size + CHUNK - 1) / CHUNK;
        m = new float[chunks][];
        v = new float[chunks][];
        for (int c = 0; c < chunks; c++) {
            int len = Math.min(CHUNK, size - c * CHUNK);
            m[c] = new float[len];
            v[c] = new float[len];
        }
    }

    int chunks() {
        return m.length;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Counter steps() {
        return steps;
    }
}
