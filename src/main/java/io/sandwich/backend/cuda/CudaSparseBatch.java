package io.sandwich.backend.cuda;

import io.sandwich.backend.SparseBatch;
import jcuda.driver.CUdeviceptr;

/** A CSR batch in device memory with fixed capacity; its row count is the last gather's. */
final class CudaSparseBatch implements SparseBatch {
    final CUdeviceptr rowPtr;
    final CUdeviceptr colIdx;
    final CUdeviceptr values;
    final int cols;
    final int maxRows;
    final int maxNnz;
    int rows;

    CudaSparseBatch(CUdeviceptr rowPtr, CUdeviceptr colIdx, CUdeviceptr values, int cols, int maxRows, int maxNnz) {
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.cols = cols;
        this.maxRows = maxRows;
        this.maxNnz = maxNnz;
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
