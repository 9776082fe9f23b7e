package io.sandwich.backend.cuda;

import io.sandwich.backend.Sums;
import jcuda.driver.CUdeviceptr;

/**
 * Sums in device memory, one double per slot, added to by the reduction kernels when they run.
 *
 * @param ptr where they live
 * @param slots how many
 */
record CudaSums(CUdeviceptr ptr, int slots) implements Sums {
}
