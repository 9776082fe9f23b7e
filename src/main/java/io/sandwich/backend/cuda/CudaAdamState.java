package io.sandwich.backend.cuda;

import io.sandwich.backend.AdamState;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/**
 * Adam's moments in device memory, with a 16-byte step record: the step count (a {@link CudaCounter}) at offset 0
 * and, at offset 8, the two bias-correction scalars the kernel {@code adam_tick} derives from it for {@code adam}.
 *
 * @param m first moments
 * @param v second moments
 * @param steps the step count, at the start of the step record
 * @param scalars the bias-correction scalars, in the step record
 * @param size number of parameters
 */
record CudaAdamState(CUdeviceptr m, CUdeviceptr v, CudaCounter steps, CUdeviceptr scalars, int size)
        implements AdamState {
    /** Bytes of the step record. */
    static final int STEP_RECORD = 16;

    /** Moments {@code m} and {@code v} for {@code size} parameters with the step record at {@code stepRecord}. */
    static CudaAdamState of(CUdeviceptr m, CUdeviceptr v, CUdeviceptr stepRecord, int size) {
        return new CudaAdamState(m, v, new CudaCounter(stepRecord), stepRecord.withByteOffset(Sizeof.LONG), size);
    }
}
