package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CPU's fp32 products in tiles: the tiles (and the halves of an input gradient's inner dimension) follow the
 * shape alone, every transpose and accumulation gives the product (against a double-precision one), and 1, 2 or 3
 * threads give the same bits. OpenBLAS's own threads did not
 * with its Haswell kernels, which {@code OPENBLAS_CORETYPE=Haswell} selects on some of the machines CI runs on.
 */
class CpuGemmTest {
    @Test
    void theTilesFollowTheShape() {
        assertEquals(4, CpuGemm.tiles(128, 1024, 1024)); // the seed's hidden layer: bands of 256 columns
        assertEquals(4, CpuGemm.tiles(1024, 1024, 128)); // its weight gradient: bands of 256 rows
        assertEquals(1, CpuGemm.tiles(128, 100, 1024)); // no side of 256
        assertEquals(1, CpuGemm.tiles(512, 512, 4)); // too little work to hand out
        assertEquals(2, CpuGemm.tiles(128, 1024, 52)); // the first layer: 3 by its work, 2 to share evenly
        assertEquals(32, CpuGemm.tiles(8192, 1024, 1024));
        assertEquals(64, CpuGemm.tiles(1 << 20, 1024, 1024));
    }

    @Test
    void productsAreRightAndTheSameOnAnyThreadCount() {
        // tiles of rows (uneven: 304 and 296), of columns, and a product in one piece; an inner dimension of 530 and
        // 520, which the products without transposes cut in halves (of 265 in bands of columns, 260 in bands of rows)
        int[][] shapes = {{600, 300, 70}, {130, 700, 64}, {37, 29, 53}, {64, 520, 530}, {600, 100, 520}};
        try (CpuBackend one = new CpuBackend(1); CpuBackend two = new CpuBackend(2);
                CpuBackend three = new CpuBackend(3)) {
            for (int[] s : shapes) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (float beta : new float[] {0f, 1f}) {
                            String what = "[" + s[0] + ", " + s[1] + "] k " + s[2] + " ta=" + ta + " tb=" + tb
                                    + " beta=" + beta;
                            float[] want = product(one, s, ta, tb, beta, what);
                            assertArrayEquals(want, product(two, s, ta, tb, beta, what), what);
                            assertArrayEquals(want, product(three, s, ta, tb, beta, what), what);
                        }
                    }
                }
            }
        }
    }

    /** C (+)= 0.5 op(A) . op(B), A a view past the start of a larger tensor, checked against doubles. */
    private static float[] product(CpuBackend be, int[] shape, boolean ta, boolean tb, float beta, String what) {
        int m = shape[0];
        int n = shape[1];
        int k = shape[2];
        SplittableRandom r = new SplittableRandom(11);
        float[] a = CpuProducts.random(r, m * k);
        float[] b = CpuProducts.random(r, k * n);
        float[] c0 = CpuProducts.random(r, m * n);
        float[] got = CpuProducts.run(be, ta, tb, 0.5f, a, b, c0, beta, m, n, k, 3);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
                }
                double want = 0.5 * sum + beta * c0[i * n + j];
                assertEquals(want, got[i * n + j], 1e-5 * k, what + " element (" + i + ", " + j + ")");
            }
        }
        return got;
    }
}
