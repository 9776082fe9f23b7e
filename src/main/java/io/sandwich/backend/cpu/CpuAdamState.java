package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamState;

/**
 * Adam's moments in direct memory, each a tensor on a cache line as the parameters and gradients are, so that the
 * update streams all four alike; the workers split it in chunks of {@link #CHUNK}.
 *
 * @param m first moments
 * @param v second moments
 * @param steps the step count
 * @param size number of parameters
 */
record CpuAdamState(CpuTensor m, CpuTensor v, CpuCounter steps, int size) implements AdamState {
    static final int CHUNK = 16384;
    private static final float[] ZEROS = new float[CHUNK];

    /** Zeroed moments for {@code size} parameters. */
    static CpuAdamState of(int size) {
        return new CpuAdamState(CpuTensor.allocate(1, size), CpuTensor.allocate(1, size), new CpuCounter(), size);
    }

    int chunks() {
        return (size + CHUNK - 1) / CHUNK;
    }

    /** Copies the moments into flat host arrays. */
    void copyTo(float[] mOut, float[] vOut) {
        m.buf().get(0, mOut, 0, size);
        v.buf().get(0, vOut, 0, size);
    }

    /** Sets the moments from flat host arrays. */
    void copyFrom(float[] mIn, float[] vIn) {
        m.buf().put(0, mIn, 0, size);
        v.buf().put(0, vIn, 0, size);
    }

    /** Zeroes the moments and the step count. */
    void clear() {
        steps.value = 0;
        for (int at = 0; at < size; at += CHUNK) {
            int len = Math.min(CHUNK, size - at);
            m.buf().put(at, ZEROS, 0, len);
            v.buf().put(at, ZEROS, 0, len);
        }
    }
}
