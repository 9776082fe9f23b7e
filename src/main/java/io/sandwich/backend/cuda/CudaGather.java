package io.sandwich.backend.cuda;

import io.sandwich.backend.BackendException;
import io.sandwich.backend.StepIndex;
import jcuda.driver.CUdeviceptr;

/**
 * Gathers an epoch's batch on the GPU by kernel: rows {@code order[start ..]} of a data matrix into a padded CSR
 * batch or a dense tensor, {@code start} read from a counter when the kernel runs. A fixed start is checked here; one
 * read from a counter can only be checked when the kernel runs, which then leaves the batch empty (zero rows) rather
 * than reading outside the order.
 */
final class CudaGather {
    private static final int BLOCK = 256;

    private final CudaKernels kernels;

    CudaGather(CudaKernels kernels) {
        this.kernels = kernels;
    }

    private static void checkStart(String op, StepIndex start, int count, CudaIndexBuffer order, String into) {
        int s = start.base();
        if (start.counter() == null && (s < 0 || (long) s + count > order.length())) {
            throw new BackendException(op + ": rows " + s + ".." + ((long) s + count) + " of " + order.length()
                    + " into " + into);
        }
    }

    /** {@code count} rows into {@code b}; {@code counter} is the start's counter, or null for a fixed start. */
    void sparse(CudaMatrix m, CudaIndexBuffer o, StepIndex start, CUdeviceptr counter, int count, CudaSparseBatch b) {
        if (count > b.maxRows() || count < 0 || b.cols() != m.cols()) {
            throw new BackendException("gatherSparse: " + count + " rows of width " + m.cols() + " into a batch of "
                    + b.maxRows() + " rows of width " + b.cols());
        }
        checkStart("gatherSparse", start, count, o, "a batch of " + b.maxRows() + " rows");
        kernels.launch("gather_csr_padded", "a sparse batch of " + count + " rows",
                CudaKernels.blocks(count + 1L, BLOCK), BLOCK, m.rowPtr(), m.colIdx(), m.values(), o.ptr(), o.length(),
                counter, start.base(), start.stride(), count, b.width(), b.rowPtr, b.colIdx, b.values);
        b.filled(count);
    }

    /** As many rows as {@code dst} has into dense {@code dst}. */
    void dense(CudaMatrix m, CudaIndexBuffer o, StepIndex start, CUdeviceptr counter, CudaTensor dst) {
        if (dst.cols() != m.cols()) {
            throw new BackendException("gatherDense: rows of width " + m.cols() + " into " + dst.shape());
        }
        checkStart("gatherDense", start, dst.rows(), o, dst.shape());
        kernels.launch("gather_dense", "gather into " + dst.shape(), dst.rows(), 64, m.rowPtr(), m.colIdx(),
                m.values(), o.ptr(), o.length(), counter, start.base(), start.stride(), dst.ptr(), dst.rows(),
                dst.cols());
    }
}
