package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.BackendException;
import java.nio.FloatBuffer;

/**
 * The Adam update on the CPU, on the backend's threads, each worker over its range of {@link CpuAdamState}'s
 * chunks: {@link CpuVectorKernels} in place on the parameters and gradients with the vector kernels
 * ({@link CpuPasses}), else the scalar loop on two cache-sized heap arrays of the worker's own that the chunk's
 * parameters and gradients stream through.
 */
final class CpuAdam {
    private final CpuParallel parallel;
    private final boolean vector;
    private final float[][][] workerScratch;

    CpuAdam(CpuParallel parallel, boolean vector) {
        this.parallel = parallel;
        this.vector = vector;
        this.workerScratch = vector ? null : new float[parallel.threads()][2][CpuAdamState.CHUNK];
    }

    /** Adds one to the state's step count, then updates {@code params} with that step's bias corrections. */
    void step(CpuTensor params, CpuTensor grads, CpuAdamState st, AdamConfig config) {
        long next = ++st.steps().value;
        if (next > Integer.MAX_VALUE) {
            throw new BackendException("adamStep: more than " + Integer.MAX_VALUE + " steps");
        }
        CpuKernels.AdamScalars s = CpuKernels.AdamScalars.of(config, (int) next);
        parallel.forRange(st.chunks(), 2, (from, to, worker) -> {
            for (int c = from; c < to; c++) {
                int offset = c * CpuAdamState.CHUNK;
                float[] m = st.m()[c];
                float[] v = st.v()[c];
                if (vector) {
                    CpuVectorKernels.adam(params.bytes(), grads.bytes(), 4 * offset, m, v, m.length, s);
                } else {
                    scalar(params.buf(), grads.buf(), offset, m, v, s, workerScratch[worker]);
                }
            }
        });
    }

    private static void scalar(FloatBuffer p, FloatBuffer g, int offset, float[] m, float[] v,
            CpuKernels.AdamScalars s, float[][] scratch) {
        float[] pc = scratch[0];
        float[] gc = scratch[1];
        p.get(offset, pc, 0, m.length);
        g.get(offset, gc, 0, m.length);
        CpuKernels.adam(pc, gc, m, v, m.length, s);
        p.put(offset, pc, 0, m.length);
    }
}
