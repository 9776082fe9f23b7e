package io.sandwich.backend.cpu;

import io.sandwich.backend.Tensor;
import java.util.SplittableRandom;

/** One product on a CPU backend from host arrays, for the product tests. */
final class CpuProducts {
    private CpuProducts() {
    }

    /**
     * C [m, n] = alpha op(A) . op(B) + beta C0 on {@code be}, with op(A) [m, k] and A a view {@code viewAt} elements
     * into a larger tensor; the result, downloaded.
     */
    static float[] run(CpuBackend be, boolean ta, boolean tb, float alpha, float[] a, float[] b, float[] c0,
            float beta, int m, int n, int k, int viewAt) {
        Tensor base = be.allocate(1, a.length + viewAt);
        Tensor av = be.view(base, viewAt, ta ? k : m, ta ? m : k);
        be.upload(a, av);
        Tensor bt = be.allocate(tb ? n : k, tb ? k : n);
        be.upload(b, bt);
        Tensor c = be.allocate(m, n);
        be.upload(c0, c);
        be.gemm(ta, tb, alpha, av, bt, beta, c);
        float[] out = new float[m * n];
        be.download(c, out);
        return out;
    }

    /** {@code n} values uniform in [-1, 1). */
    static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
