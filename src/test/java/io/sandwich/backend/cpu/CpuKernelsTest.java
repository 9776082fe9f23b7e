package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The branch-free ReLU is {@code v < 0 ? 0 : v} to the bit, the GPU kernel's rule: -0 and every NaN pass; its
 * backward pass keeps a gradient where the output is above zero, as the GPU's {@code !(out > 0)} rule.
 */
class CpuKernelsTest {
    @Test
    void reluIsTheComparisonToTheBit() {
        int[] edges = {0, 0x80000000, 0x80000001, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0xFF800001,
            0xFFC00000, 0xFFFFFFFF, 0x7FC00000, 0x00000001, 0xFF7FFFFF, 0x7F7FFFFF};
        for (int bits : edges) {
            check(bits);
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) {
            check(r.nextInt());
        }
    }

    @Test
    void addBiasAppliesTheSameRelu() {
        float[] z = {-1f, -0f, 2f, Float.NaN, -3f, 0.5f};
        CpuKernels.addBias(z, 2, 3, new float[] {0f, -0f, -2.5f}, true); // -0 + -0 stays -0
        assertEquals("[0.0, -0.0, 0.0, NaN, 0.0, 0.0]", java.util.Arrays.toString(z));
        float[] plain = {-1f, 1f};
        CpuKernels.addBias(plain, 1, 2, new float[] {0.5f, 0.5f}, false);
        assertEquals("[-0.5, 1.5]", java.util.Arrays.toString(plain));
    }

    @Test
    void reluBackwardKeepsTheGradientExactlyWhereTheOutputIsAboveZero() {
        float[] out = {1f, 0f, -0f, Float.NaN, -Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -1f};
        float[] grad = new float[out.length];
        java.util.Arrays.fill(grad, 2f);
        CpuKernels.reluBackward(grad, out, out.length);
        assertEquals("[2.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 2.0, 0.0]", java.util.Arrays.toString(grad));
    }

    private static void check(int bits) {
        float v = Float.intBitsToFloat(bits);
        float want = v < 0f ? 0f : v;
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(CpuKernels.relu(v)),
                "relu of bits 0x" + Integer.toHexString(bits));
    }
}
