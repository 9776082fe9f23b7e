package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.BackendException;

/**
 * The Adam update on the CPU, on the backend's threads, each worker over its range of {@link CpuAdamState}'s
 * chunks, by the first of these that is there, all to the same bits: the native kernel ({@link CpuNative}); {@link
 * CpuVectorKernels} with the vector kernels ({@link CpuPasses}); else the scalar loop.
 */
final class CpuAdam {
    private final CpuParallel parallel;
    private final boolean nativeKernel;
    private final boolean vector;

    CpuAdam(CpuParallel parallel, boolean nativeKernel, boolean vector) {
        this.parallel = parallel;
        this.nativeKernel = nativeKernel;
        this.vector = vector;
    }

    /** Whether the native kernel runs the update. */
    boolean nativeKernel() {
        return nativeKernel;
    }

    /** Adds one to the state's step count, then updates {@code params} with that step's bias corrections. */
    void step(CpuTensor params, CpuTensor grads, CpuAdamState st, AdamConfig config) {
        long next = ++st.steps().value;
        if (next > Integer.MAX_VALUE) {
            throw new BackendException("adamStep: more than " + Integer.MAX_VALUE + " steps");
        }
        CpuKernels.AdamScalars s = CpuKernels.AdamScalars.of(config, (int) next);
        parallel.forRange(st.chunks(), 2, (from, to, worker) -> {
            int offset = from * CpuAdamState.CHUNK;
            int end = Math.min(st.size(), to * CpuAdamState.CHUNK);
            if (nativeKernel) {
                long at = 4L * offset;
                CpuNative.adam(params.address() + at, grads.address() + at, st.m().address() + at,
                        st.v().address() + at, end - offset, s.b1(), s.b2(), s.wd(), s.eps(), s.oneMinusB1(),
                        s.oneMinusB2(), s.stepSize(), s.bc2Sqrt());
            } else if (vector) {
                CpuVectorKernels.adam(params, grads, st.m(), st.v(), offset, end - offset, s);
            } else {
                CpuKernels.adam(params.buf(), grads.buf(), st.m().buf(), st.v().buf(), offset, end, s);
            }
        });
    }
}
