package io.sandwich.backend.cuda;

import io.sandwich.backend.AdamConfig;
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

    private static final int BLOCK = 256;

    /** Zeroed moments and step record for {@code size} parameters, from {@code memory}. */
    static CudaAdamState allocate(DeviceMemory memory, int size) {
        CUdeviceptr record = memory.allocate(STEP_RECORD, 1, "Adam's step record");
        return new CudaAdamState(memory.floats(size, "Adam moments"), memory.floats(size, "Adam moments"),
                new CudaCounter(record), record.withByteOffset(Sizeof.LONG), size);
    }

    /** Queues the zeroing of the moments and the step count. */
    void reset(CudaKernels kernels) {
        for (CUdeviceptr p : new CUdeviceptr[] {m, v}) {
            kernels.fill(p, 0f, size, "Adam reset");
        }
        kernels.launch("counter_set", "Adam reset", 1, 1, steps.ptr(), 0L);
    }

    /** Queues one Adam step of {@code params} by {@code grads}: the step count's tick, then the update. */
    void step(CudaKernels kernels, CudaTensor params, CudaTensor grads, AdamConfig cfg) {
        kernels.launch("adam_tick", "Adam's step count", 1, 1, steps.ptr(), scalars, cfg.lr(), cfg.beta1(),
                cfg.beta2());
        kernels.launch("adam", size + " parameters", CudaKernels.blocks(size, BLOCK), BLOCK, params.ptr(),
                grads.ptr(), m, v, size, scalars, cfg.beta1(), cfg.beta2(), cfg.eps(), cfg.weightDecay());
    }
}
