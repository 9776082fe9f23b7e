package io.sandwich.backend.cuda;

import io.sandwich.backend.IndexBuffer;
import jcuda.driver.CUdeviceptr;

/**
 * An int vector in device memory (an epoch's row order).
 *
 * @param ptr its first element
 * @param length number of indices
 */
record CudaIndexBuffer(CUdeviceptr ptr, int length) implements IndexBuffer {
}
