package io.sandwich.backend.cuda;

import io.sandwich.backend.SparseBatch;
import jcuda.driver.CUdeviceptr;

/**
 * A CSR batch in device memory with fixed capacity and exactly {@code width} entries per row (explicit zeros fill
 * the shorter rows), so its non-zero count is {@code rows * width} without a read back; its row count is the last
 * gather's.
 */
final class CudaSparseBatch implements SparseBatch {
    final CUdeviceptr rowPtr;
    final CUdeviceptr colIdx;
    final CUdeviceptr values;
    final int cols;
    final int maxRows;
    final int width;
    int rows;

    CudaSparseBatch(CUdeviceptr rowPtr, CUdeviceptr colIdx, CUdeviceptr values, int cols, int maxRows, int width) {
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.cols = cols;
        this.maxRows = maxRows;
        this.width = width;
    }

    /** The entries the batch's CSR arrays hold, padding included. */
    int nnz() {
        return rows * width;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }
}
