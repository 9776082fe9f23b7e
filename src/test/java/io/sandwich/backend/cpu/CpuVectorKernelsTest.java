package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the scalar kernels' bits on every size (whole vectors, a partial last one, less than one)
 * and on the edge values (-0, NaN, infinities, subnormals). The build loads the module, so these run everywhere the
 * tests run.
 */
class CpuVectorKernelsTest {
    private static final int[] SIZES = {1, 7, 16, 33, 1024, 4099};
    private static final float[] EDGES = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, Float.MAX_VALUE};

    @Test
    void theModuleIsLoadedWhereTheTestsRun() {
        assertTrue(CpuPasses.VECTOR, "surefire's argLine adds jdk.incubator.vector");
    }

    @Test
    void addBiasMatchesWithAndWithoutRelu() {
        for (int cols : SIZES) {
            int rows = 3;
            float[] z = values(rows * cols, cols);
            float[] bias = values(cols, cols + 1);
            for (boolean relu : new boolean[] {true, false}) {
                float[] want = z.clone();
                CpuKernels.addBias(want, rows, cols, bias, relu);
                ByteBuffer got = direct(z);
                CpuVectorKernels.addBias(got, rows, cols, direct(bias), relu);
                assertBits(want, got, "addBias cols " + cols + " relu " + relu);
            }
        }
    }

    @Test
    void biasGradientMatchesWithAndWithoutBeta() {
        for (int cols : SIZES) {
            int rows = 5;
            float[] grad = values(rows * cols, cols + 2);
            float[] dbias = values(cols, cols + 3);
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                float[] want = dbias.clone();
                CpuKernels.biasGradient(grad, rows, cols, beta, want, new double[cols]);
                ByteBuffer got = direct(dbias);
                CpuVectorKernels.biasGradient(direct(grad), rows, cols, beta, got, new double[cols]);
                assertBits(want, got, "biasGradient cols " + cols + " beta " + beta);
            }
        }
    }

    @Test
    void reluBackwardAndMultiplyMatch() {
        for (int n : SIZES) {
            float[] g = values(n, 1);
            float[] out = values(n, 2);
            float[] want = g.clone();
            CpuKernels.reluBackward(want, out, n);
            ByteBuffer got = direct(g);
            CpuVectorKernels.reluBackward(got, direct(out), n);
            assertBits(want, got, "reluBackward " + n);

            want = g.clone();
            CpuKernels.multiply(want, out, n);
            got = direct(g);
            CpuVectorKernels.multiply(got, direct(out), n);
            assertBits(want, got, "multiply " + n);
        }
    }

    @Test
    void dropoutDrawsTheSameMaskOverAnyEvenStartedRange() {
        for (int n : SIZES) {
            for (float p : new float[] {0f, 0.1f, 0.5f, 0.999f, Math.nextDown(1f)}) {
                int from = n > 4 ? 2 : 0;
                float[] x = values(n, 3);
                float[] wantX = x.clone();
                float[] wantMask = new float[n];
                CpuKernels.dropout(wantX, wantMask, from, n, p, 42, 7);
                ByteBuffer gotX = direct(x);
                ByteBuffer gotMask = direct(new float[n]);
                CpuVectorKernels.dropout(gotX, gotMask, from, n, p, 42, 7);
                assertBits(wantX, gotX, "dropout x, n " + n + " p " + p);
                assertBits(wantMask, gotMask, "dropout mask, n " + n + " p " + p);
            }
        }
    }

    /** Gaussian values with an edge value at every 5th place. */
    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 5 == 0 ? EDGES[r.nextInt(EDGES.length)] : (float) (r.nextGaussian() * 3);
        }
        return a;
    }

    private static ByteBuffer direct(float[] a) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * a.length).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(a);
        return b;
    }

    private static void assertBits(float[] want, ByteBuffer got, String what) {
        float[] g = new float[want.length];
        got.asFloatBuffer().get(g);
        assertArrayEquals(bits(want), bits(g), what);
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
