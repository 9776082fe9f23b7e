package io.sandwich.backend.cuda;

import io.sandwich.backend.FixedSparseBatch;
import jcuda.driver.CUdeviceptr;

/**
 * A CSR batch in device memory with fixed capacity and exactly {@code width} entries per row (explicit zeros fill
 * the shorter rows), so its non-zero count is {@code rows * width} without a read back; its row count is the last
 * gather's.
 */
final class CudaSparseBatch extends FixedSparseBatch {
    final CUdeviceptr rowPtr;
    final CUdeviceptr colIdx;
    final CUdeviceptr values;

    CudaSparseBatch(CUdeviceptr rowPtr, CUdeviceptr colIdx, CUdeviceptr values, int cols, int maxRows, int width) {
        super(cols, maxRows, width);
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /** The entries the batch's CSR arrays hold, padding included. */
    int nnz() {
        return rows() * width();
    }
}
