package io.sandwich.backend.cpu;

/**
 * The CPU backend's reusable heap arrays: an operation copies its tensors out of their direct buffers into them in
 * bulk, loops over plain arrays (which the JIT vectorises), and copies the result back.
 */
final class CpuScratch {
    private final float[][] arrays = new float[4][0];

    /** Array {@code slot} holding a copy of {@code x} (bulk copy out of the direct buffer). */
    float[] in(CpuTensor x, int slot) {
        float[] a = empty(slot, x.size());
        x.buf().get(0, a, 0, x.size());
        return a;
    }

    /** Array {@code slot} with room for {@code n} values (contents undefined). */
    float[] empty(int slot, int n) {
        if (arrays[slot].length < n) {
            arrays[slot] = new float[n];
        }
        return arrays[slot];
    }

    /** Copies the first {@code x.size()} values of {@code a} into {@code x}. */
    static void back(float[] a, CpuTensor x) {
        x.buf().put(0, a, 0, x.size());
    }
}
