package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamState;
import java.util.Arrays;

/**
 * Adam's moments on the heap in fixed-size chunks, so that the update loop indexes parameters, gradients and
 * moments alike and the JIT vectorises it.
 *
 * @param m first moments, chunk by chunk
 * @param v second moments, chunk by chunk
 * @param steps the step count
 * @param size number of parameters
 */
record CpuAdamState(float[][] m, float[][] v, CpuCounter steps, int size) implements AdamState {
    static final int CHUNK = 16384;

    /** Zeroed moments for {@code size} parameters. */
    static CpuAdamState of(int size) {
        int chunks = (size + CHUNK - 1) / CHUNK;
        float[][] m = new float[chunks][];
        float[][] v = new float[chunks][];
        for (int c = 0; c < chunks; c++) {
            int len = Math.min(CHUNK, size - c * CHUNK);
            m[c] = new float[len];
            v[c] = new float[len];
        }
        return new CpuAdamState(m, v, new CpuCounter(), size);
    }

    int chunks() {
        return m.length;
    }

    /** Copies the moments into flat host arrays. */
    void copyTo(float[] mOut, float[] vOut) {
        for (int c = 0; c < chunks(); c++) {
            System.arraycopy(m[c], 0, mOut, c * CHUNK, m[c].length);
            System.arraycopy(v[c], 0, vOut, c * CHUNK, v[c].length);
        }
    }

    /** Sets the moments from flat host arrays. */
    void copyFrom(float[] mIn, float[] vIn) {
        for (int c = 0; c < chunks(); c++) {
            System.arraycopy(mIn, c * CHUNK, m[c], 0, m[c].length);
            System.arraycopy(vIn, c * CHUNK, v[c], 0, v[c].length);
        }
    }

    /** Zeroes the moments and the step count. */
    void clear() {
        steps.value = 0;
        for (int c = 0; c < chunks(); c++) {
            Arrays.fill(m[c], 0f);
            Arrays.fill(v[c], 0f);
        }
    }
}
