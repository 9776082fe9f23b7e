package io.sandwich.backend.cpu;

import io.sandwich.backend.BackendException;
import java.util.Optional;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The CPU's dense products: OpenBLAS SGEMM on row-major buffers (transposes passed as flags, never materialised), or
 * bf16 products on oneDNN ({@link CpuBf16}) when asked for.
 */
final class CpuGemm implements AutoCloseable {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final CpuBf16 bf16;

    /** fp32 products, or bf16 ones ({@link CpuBf16#CpuBf16()} says when they are refused). */
    CpuGemm(boolean bf16) {
        this.bf16 = bf16 ? openBf16() : null;
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
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                alpha, a.buf(), Math.max(1, a.cols()), b.buf(), Math.max(1, b.cols()), beta, c.buf(), Math.max(1, n));
    }

    @Override
    public void close() {
        if (bf16 != null) {
            bf16.close();
        }
    }
}
