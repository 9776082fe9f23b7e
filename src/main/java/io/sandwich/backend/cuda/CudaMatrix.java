package io.sandwich.backend.cuda;

import io.sandwich.backend.DeviceMatrix;
import jcuda.driver.CUdeviceptr;

/** A whole CSR data matrix uploaded once: row pointers, column indices and values in device memory. */
final class CudaMatrix implements DeviceMatrix {
    final CUdeviceptr rowPtr;
    final CUdeviceptr colIdx;
    final CUdeviceptr values;
    final int rows;
    final int cols;
    final int nnz;
    final int maxRowNnz;

    CudaMatrix(CUdeviceptr rowPtr, CUdeviceptr colIdx, CUdeviceptr values, int rows, int cols, int nnz, int maxRowNnz) {
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.rows = rows;
        this.cols = cols;
        this.nnz = nnz;
        this.maxRowNnz = maxRowNnz;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public int maxRowNnz() {
        return maxRowNnz;
    }
}
