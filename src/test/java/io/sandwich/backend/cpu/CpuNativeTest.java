package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sandwich.Requirement;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native passes give the scalar loops' bits on every shape (whole vectors, partial ones, columns past one block
 * of the bias gradient) and on the edge values (-0, NaN, infinities, subnormals), every NaN counted as one: where
 * two NaNs meet, which one comes out follows the compiler's order of the operands; {@link CpuAdamTest} checks Adam.
 */
class CpuNativeTest {
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {2, 16}, {5, 33}, {128, 23}, {4, 1024}, {3, 300}};
    private static final float[] EDGES = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, Float.MAX_VALUE};

    @BeforeEach
    void nativeKernelsLoad() {
        Requirement.NATIVE.assume(CpuNative.loaded(), "the native kernels are " + CpuNative.describe());
    }

    @Test
    void addBiasMatchesWithAndWithoutRelu() {
        for (int[] s : SHAPES) {
            for (boolean relu : new boolean[] {true, false}) {
                float[] want = values(s[0] * s[1], 1);
                float[] bias = values(s[1], 2);
                CpuKernels.addBias(want, s[0], s[1], bias, relu);
                CpuTensor z = tensor(values(s[0] * s[1], 1), s[0], s[1]);
                CpuNative.addBias(z.address(), s[0], s[1], tensor(bias, 1, s[1]).address(), relu);
                assertBits(want, z, "addBias " + s[0] + "x" + s[1] + " relu " + relu);
            }
        }
    }

    @Test
    void reluBackwardAndMultiplyMatch() {
        for (int[] s : SHAPES) {
            int n = s[0] * s[1];
            float[] want = values(n, 3);
            float[] other = values(n, 4);
            CpuKernels.reluBackward(want, other, n);
            CpuTensor grad = tensor(values(n, 3), 1, n);
            CpuNative.reluBackward(grad.address(), tensor(other, 1, n).address(), n);
            assertBits(want, grad, "reluBackward n " + n);
            float[] product = values(n, 5);
            CpuKernels.multiply(product, other, n);
            CpuTensor x = tensor(values(n, 5), 1, n);
            CpuNative.multiply(x.address(), tensor(other, 1, n).address(), n);
            assertBits(product, x, "multiply n " + n);
        }
    }

    @Test
    void biasGradientMatchesWithAndWithoutBeta() {
        for (int[] s : SHAPES) {
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                float[] grad = values(s[0] * s[1], 6);
                float[] want = values(s[1], 7);
                CpuKernels.biasGradient(grad, s[0], s[1], beta, want, new double[s[1]]);
                CpuTensor dbias = tensor(values(s[1], 7), 1, s[1]);
                CpuNative.biasGradient(tensor(grad, s[0], s[1]).address(), s[0], s[1], beta, dbias.address());
                assertBits(want, dbias, "biasGradient " + s[0] + "x" + s[1] + " beta " + beta);
            }
        }
    }

    @Test
    void dropoutMatchesOnEveryRangeAndRate() {
        for (int[] s : SHAPES) {
            int n = s[0] * s[1];
            for (float p : new float[] {0.05f, 0.1f, 0.5f, 0.999f, 0x1.0p-24f}) {
                for (int start : new int[] {0, 2, n - n % 2}) {
                    int from = Math.min(start, n);
                    float[] want = values(n, 8);
                    float[] wantMask = new float[n];
                    CpuKernels.dropout(want, wantMask, from, n, p, 42 + n, 7);
                    CpuTensor x = tensor(values(n, 8), 1, n);
                    CpuTensor mask = tensor(new float[n], 1, n);
                    CpuNative.dropout(x.address(), mask.address(), from, n, p, 42 + n, 7);
                    String what = "dropout n " + n + " p " + p + " from " + from;
                    assertBits(want, x, what);
                    assertBits(wantMask, mask, what + ", mask");
                }
            }
        }
    }

    /** Gaussian values with an edge value at every 5th place. */
    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 1000 + n);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 5 == 0 ? EDGES[r.nextInt(EDGES.length)] : (float) (r.nextGaussian() * 3);
        }
        return a;
    }

    private static CpuTensor tensor(float[] a, int rows, int cols) {
        CpuTensor t = CpuTensor.allocate(rows, cols);
        t.buf().put(0, a);
        return t;
    }

    private static void assertBits(float[] want, CpuTensor got, String what) {
        float[] g = new float[want.length];
        got.buf().get(0, g);
        int[] w = new int[want.length];
        int[] h = new int[want.length];
        for (int i = 0; i < want.length; i++) {
            w[i] = Float.floatToIntBits(want[i]);
            h[i] = Float.floatToIntBits(g[i]);
        }
        assertArrayEquals(w, h, what);
    }
}
