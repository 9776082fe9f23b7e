package io.sandwich.backend.cuda;

import io.sandwich.backend.AdamState;
import io.sandwich.backend.Counter;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/**
 * Adam's moments in device memory, with a 16-byte step record: the step count (a {@link CudaCounter}) at offset 0
 * and, at offset 8, the two bias-correction scalars the kernel {@code adam_tick} derives from it for {@code adam}.
 */
final class CudaAdamState implements AdamState {
    /** Bytes of the step record. */
    static final int STEP_RECORD = 16;

    final CUdeviceptr m;
    final CUdeviceptr v;
    final CudaCounter steps;
    final CUdeviceptr scalars;
    private final int size;

    CudaAdamState(CUdeviceptr m, CUdeviceptr v, CUdeviceptr stepRecord, int size) {
        this.m = m;
        this.v = v;
        this.steps = new CudaCounter(stepRecord);
        this.scalars = stepRecord.withByteOffset(Sizeof.LONG);
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Counter steps() {
        return steps;
    }
}
