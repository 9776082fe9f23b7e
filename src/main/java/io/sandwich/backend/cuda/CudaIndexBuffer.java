package io.sandwich.backend.cuda;

import io.sandwich.backend.IndexBuffer;
import jcuda.driver.CUdeviceptr;

/** An int vector in device memory (an epoch's row order). */
final class CudaIndexBuffer implements IndexBuffer {
    final CUdeviceptr ptr;
    private final int length;

    CudaIndexBuffer(CUdeviceptr ptr, int length) {
        this.ptr = ptr;
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }
}
