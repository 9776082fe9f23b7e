package io.sandwich.backend.cuda;

import io.sandwich.backend.Tensor;
import jcuda.driver.CUdeviceptr;

/**
 * A row-major float matrix in device memory (a view when cut from a larger allocation).
 *
 * @param ptr its first element
 * @param rows number of rows
 * @param cols number of columns
 */
record CudaTensor(CUdeviceptr ptr, int rows, int cols) implements Tensor {
    @Override
    public String toString() {
        return "CudaTensor" + shape();
    }
}
