package io.sandwich.backend.cuda;

import io.sandwich.backend.AdamState;
import jcuda.driver.CUdeviceptr;

/** Adam's moments in device memory. */
final class CudaAdamState implements AdamState {
    final CUdeviceptr m;
    final CUdeviceptr v;
    private final int size;

    CudaAdamState(CUdeviceptr m, CUdeviceptr v, int size) {
        this.m = m;
        this.v = v;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }
}
