package io.sandwich.backend.cpu;

import io.sandwich.backend.BackendException;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The CPU's dense products: OpenBLAS SGEMM on row-major buffers (transposes passed as flags, never materialised), or
 * bf16 products on oneDNN ({@link CpuBf16}) when asked for.
 *
 * <p>OpenBLAS runs single-threaded; the backend's workers compute a product in tiles, bands of the output's rows or
 * columns whose bounds depend on the product's shape alone ({@link #tiles}), one single-threaded SGEMM call each.
 * The thread count thus changes no number. OpenBLAS's own threads do not promise that: with its Haswell kernels
 * (as {@code OPENBLAS_CORETYPE=Haswell} selects) most of the model's products give other bits on 2 threads than on
 * 1. The tiles also cost less than OpenBLAS's threads at the step's weight gradients ({@code docs/performance.md}).
 *
 * <p>An input gradient {@code G W} (no transposes) over at least {@code 2 MIN_TILE} of W's rows is cut along its
 * inner dimension instead ({@link #inHalves}): on the 2-core machines the cores sit on two chiplets, each with its
 * own last-level cache, and a cache line one of them has read costs the other a round trip between them when it
 * next writes it. Adam splits the parameters in two in order, so W's rows by halves; multiplied in column bands, G W
 * would have each core read all of W's rows, and Adam's pass right after then wrote half of its rows at that cost.
 */
final class CpuGemm implements AutoCloseable {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;
    /** The fewest rows or columns in a tile: each tile packs the other operand again. */
    static final int MIN_TILE = 256;
    /** The fewest multiply-adds in a tile, so that handing it to a worker pays. */
    static final long MIN_TILE_WORK = 1L << 21;
    /** Tile bounds fall on multiples of this, OpenBLAS's widest register block. */
    private static final int ALIGN = 16;

    private final CpuBf16 bf16;
    private final CpuParallel parallel;
    /** Per worker, the pointers it moves over A, B and C. */
    private final Window[][] windows;
    /** The second half's product of {@link #inHalves}, grown to the largest output it has had. */
    private CpuTensor upper;

    /** fp32 products on {@code parallel}'s workers, or bf16 ones ({@link CpuBf16#CpuBf16()} says when refused). */
    CpuGemm(CpuParallel parallel, boolean bf16) {
        this.parallel = parallel;
        this.bf16 = bf16 ? openBf16() : null;
        this.windows = new Window[parallel.threads()][];
        for (int w = 0; w < windows.length; w++) {
            windows[w] = new Window[] {new Window(), new Window(), new Window()};
        }
    }

    /**
     * How many tiles an [m, n] output with inner dimension k is cut into: bands of at least {@link #MIN_TILE} along
     * its longer side (rows on a tie), each of at least {@link #MIN_TILE_WORK} multiply-adds, at most 64; a power of
     * two, so that 2, 4 or 8 threads share them evenly.
     */
    static int tiles(int m, int n, int k) {
        long byWork = (long) m * n * k / MIN_TILE_WORK;
        return Integer.highestOneBit((int) Math.max(1, Math.min(64, Math.min(Math.max(m, n) / MIN_TILE, byWork))));
    }

    private static CpuBf16 openBf16() {
        try {
            return new CpuBf16();
        } catch (LinkageError e) { // oneDNN's classes or natives are missing (the GPU check's bundle leaves them out)
            Throwable why = e.getCause() != null ? e.getCause() : e; // the natives' error behind an initializer's
            throw new BackendException("bf16 products: oneDNN (org.bytedeco:dnnl) did not load (" + why + ")");
        }
    }

    /** oneDNN's version and ISA where the products are bf16. */
    Optional<String> bf16Library() {
        return bf16 == null ? Optional.empty() : Optional.of(bf16.describe()); // loads CpuBf16 only where used
    }

    /** C [m, n] = alpha op(A) . op(B) + beta C, with op(A) [m, k]. */
    void gemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c, int k) {
        int m = c.rows();
        int n = c.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (bf16 != null) {
            bf16.gemm(transA, transB, alpha, a, b, beta, c, k);
            return;
        }
        if (!transA && !transB && k >= 2 * MIN_TILE && tiles(m, n, k) > 1) {
            inHalves(alpha, a, b, beta, c, m, n, k);
            return;
        }
        Bands bands = new Bands(m, n, k);
        parallel.forRange(bands.count, 2, (from, to, worker) -> {
            for (int t = from; t < to; t++) {
                bands.run(windows[worker], t, transA, transB, alpha, a, 0, b, 0, beta, c);
            }
        });
    }

    /**
     * C = alpha A B + beta C for A [m, k], B [k, n] as two products over the halves of k, each in the bands of an
     * [m, n] output with k / 2, the first into C with beta, the second into {@link #upper}, then C += upper. The
     * halves follow the shape alone, so the thread count changes no bit here either; on 2 threads each core multiplies
     * by its own half of B's rows.
     */
    private void inHalves(float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c, int m, int n, int k) {
        if (upper == null || upper.size() < m * n) {
            upper = CpuTensor.allocate(m, n);
        }
        CpuTensor u = upper;
        int half = k / 2;
        Bands first = new Bands(m, n, half);
        Bands second = new Bands(m, n, k - half);
        long rowsOfB = (long) half * b.cols();
        parallel.forRange(first.count + second.count, 2, (from, to, worker) -> {
            for (int t = from; t < to; t++) {
                if (t < first.count) {
                    first.run(windows[worker], t, false, false, alpha, a, 0, b, 0, beta, c);
                } else {
                    second.run(windows[worker], t - first.count, false, false, alpha, a, half, b, rowsOfB, 0f, u);
                }
            }
        });
        parallel.forRange(m, 2, (from, to, worker) -> {
            Window[] w = windows[worker];
            openblas_nolapack.cblas_saxpy((to - from) * n, 1f, w[0].at(u, (long) from * n), 1,
                    w[1].at(c, (long) from * n), 1);
        });
    }

    /** The bands ({@link #tiles}) of a product with an [m, n] output and inner dimension k. */
    private static final class Bands {
        final boolean byRows;
        final int side;
        final int span;
        final int count;
        final int m;
        final int n;
        final int k;

        Bands(int m, int n, int k) {
            this.m = m;
            this.n = n;
            this.k = k;
            byRows = m >= n;
            side = byRows ? m : n;
            int tiles = tiles(m, n, k);
            int len = (side + tiles - 1) / tiles;
            span = tiles == 1 ? side : (len + ALIGN - 1) / ALIGN * ALIGN;
            count = (side + span - 1) / span;
        }

        /**
         * Band {@code t} of C = alpha op(A) op(B) + beta C (C [m, n] with leading dimension n), with A and B from
         * element offsets {@code a0} and {@code b0} on.
         */
        void run(Window[] w, int t, boolean transA, boolean transB, float alpha, CpuTensor a, long a0, CpuTensor b,
                long b0, float beta, CpuTensor c) {
            int lda = Math.max(1, a.cols());
            int ldb = Math.max(1, b.cols());
            int ldc = Math.max(1, n);
            int lo = t * span;
            int hi = Math.min(side, lo + span);
            long offA = byRows ? (transA ? lo : (long) lo * lda) : 0;
            long offB = byRows ? 0 : (transB ? (long) lo * ldb : lo);
            long offC = byRows ? (long) lo * ldc : lo;
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS,
                    byRows ? hi - lo : m, byRows ? n : hi - lo, k, alpha, w[0].at(a, a0 + offA), lda,
                    w[1].at(b, b0 + offB), ldb, beta, w[2].at(c, offC), ldc);
        }
    }

    /** A pointer into a tensor's memory that a worker moves from call to call without allocating. */
    private static final class Window extends FloatPointer {
        Window at(CpuTensor t, long offset) {
            address = t.address();
            capacity = t.size();
            limit = capacity;
            position = offset;
            return this;
        }
    }

    @Override
    public void close() {
        if (bf16 != null) {
            bf16.close();
        }
    }
}
