package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.Requirement;
import io.sandwich.backend.AdamConfig;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adam's native and vector kernels give the scalar loop's bits over three steps, on every size (whole vectors, a
 * partial last one, less than one), from a cache line and from an element that is not on one, on the edge values
 * (-0, NaN, infinities, subnormals) in parameters, gradients and moments alike (every NaN counted as one, as in
 * {@link CpuNativeTest}), leaving the elements outside their range as they were; and the tensors they run on start
 * on a cache line.
 */
class CpuAdamTest {
    private static final int[] SIZES = {1, 7, 16, 33, 1024, 4099};
    private static final float[] EDGES = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, Float.MAX_VALUE};

    /** An Adam kernel on elements {@code [from, from + len)} of parameters, gradients and moments. */
    private interface Kernel {
        void run(CpuTensor p, CpuTensor g, CpuTensor m, CpuTensor v, int from, int len, CpuKernels.AdamScalars s);
    }

    @Test
    void nativeKernelMatchesTheScalarLoop() {
        Requirement.NATIVE.assume(CpuNative.loaded(), "the native kernels are " + CpuNative.describe());
        assertMatches((p, g, m, v, from, len, s) -> CpuNative.adam(p.address() + 4L * from, g.address() + 4L * from,
                m.address() + 4L * from, v.address() + 4L * from, len, s.b1(), s.b2(), s.wd(), s.eps(),
                s.oneMinusB1(), s.oneMinusB2(), s.stepSize(), s.bc2Sqrt()));
    }

    @Test
    void vectorKernelMatchesTheScalarLoop() {
        assertTrue(CpuPasses.VECTOR, "surefire's argLine adds jdk.incubator.vector");
        assertMatches(CpuVectorKernels::adam);
    }

    @Test
    void tensorsStartOnACacheLine() {
        for (int n : SIZES) {
            assertEquals(0, CpuTensor.allocate(1, n).address() % CpuTensor.ALIGNMENT, "size " + n);
            assertEquals(4 * n, CpuTensor.allocate(1, n).bytes().capacity(), "size " + n);
        }
    }

    private static void assertMatches(Kernel kernel) {
        AdamConfig cfg = new AdamConfig(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f);
        for (int n : SIZES) {
            for (int from : new int[] {0, 3}) {
                CpuTensor[] want = tensors(from + n + 2);
                CpuTensor[] got = tensors(from + n + 2);
                for (int step = 1; step <= 3; step++) {
                    CpuKernels.AdamScalars s = CpuKernels.AdamScalars.of(cfg, step);
                    CpuKernels.adam(want[0].buf(), want[1].buf(), want[2].buf(), want[3].buf(), from, from + n, s);
                    kernel.run(got[0], got[1], got[2], got[3], from, n, s);
                }
                for (int t = 0; t < 4; t++) {
                    assertArrayEquals(bits(want[t]), bits(got[t]), "tensor " + "pgmv".charAt(t) + ", n " + n
                            + " from " + from);
                }
            }
        }
    }

    /** Parameters, gradients and the two moments of {@code n} elements: Gaussians, an edge value every 5th. */
    private static CpuTensor[] tensors(int n) {
        CpuTensor[] t = new CpuTensor[4];
        for (int k = 0; k < 4; k++) {
            SplittableRandom r = new SplittableRandom(n * 4L + k);
            t[k] = CpuTensor.allocate(1, n);
            for (int i = 0; i < n; i++) {
                t[k].buf().put(i, i % 5 == k ? EDGES[r.nextInt(EDGES.length)] : (float) (r.nextGaussian() * 3));
            }
        }
        return t;
    }

    private static int[] bits(CpuTensor t) {
        int[] b = new int[t.buf().capacity()];
        for (int i = 0; i < b.length; i++) {
            b[i] = Float.floatToIntBits(t.buf().get(i));
        }
        return b;
    }
}
