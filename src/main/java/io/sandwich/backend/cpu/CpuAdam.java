package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.BackendException;
import java.nio.FloatBuffer;

/**
 * The Adam update on the CPU, on the backend's threads: each worker streams its range of {@link CpuAdamState}'s
 * chunks, parameters and gradients alike, through two cache-sized heap arrays of its own, where the update
 * vectorises.
 */
final class CpuAdam {
    private final CpuParallel parallel;
    private final float[][][] workerScratch;

    CpuAdam(CpuParallel parallel) {
        this.parallel = parallel;
        this.workerScratch = new float[parallel.threads()][2][CpuAdamState.CHUNK];
    }

    /** Adds one to the state's step count, then updates {@code params} with that step's bias corrections. */
    void step(CpuTensor params, CpuTensor grads, CpuAdamState st, AdamConfig config) {
        long next = ++st.steps().value;
        if (next > Integer.MAX_VALUE) {
            throw new BackendException("adamStep: more than " + Integer.MAX_VALUE + " steps");
        }
        int step = (int) next;
        FloatBuffer p = params.buf();
        FloatBuffer g = grads.buf();
        parallel.forRange(st.chunks(), 2, (from, to, worker) -> {
            float[] pc = workerScratch[worker][0];
            float[] gc = workerScratch[worker][1];
            for (int c = from; c < to; c++) {
                int offset = c * CpuAdamState.CHUNK;
                int len = st.m()[c].length;
                p.get(offset, pc, 0, len);
                g.get(offset, gc, 0, len);
                CpuKernels.adam(pc, gc, st.m()[c], st.v()[c], len, config, step);
                p.put(offset, pc, 0, len);
            }
        });
    }
}
