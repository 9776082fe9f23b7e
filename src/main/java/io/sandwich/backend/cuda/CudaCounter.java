package io.sandwich.backend.cuda;

import io.sandwich.backend.Counter;
import jcuda.driver.CUdeviceptr;

/**
 * A 64-bit counter in device memory, read by the kernels that take it when they run.
 *
 * @param ptr where it lives
 */
record CudaCounter(CUdeviceptr ptr) implements Counter {
}
