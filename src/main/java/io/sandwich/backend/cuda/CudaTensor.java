package io.sandwich.backend.cuda;

import io.sandwich.backend.Tensor;
import jcuda.driver.CUdeviceptr;

/** A row-major float matrix in device memory (a view when cut from a larger allocation). */
final class CudaTensor implements Tensor {
    final CUdeviceptr ptr;
    private final int rows;
    private final int cols;

    CudaTensor(CUdeviceptr ptr, int rows, int cols) {
        this.ptr = ptr;
        this.rows = rows;
        this.cols = cols;
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
    public String toString() {
        return "CudaTensor" + shape();
    }
}
