package io.sandwich.backend.cpu;

import static io.sandwich.backend.cpu.CpuScratch.back;

/**
 * The CPU backend's elementwise passes on tensors: {@link CpuVectorKernels} in place where {@code
 * jdk.incubator.vector} is in the boot layer ({@code java --add-modules jdk.incubator.vector}, as {@code
 * scripts/sandwich} runs Java), else {@link CpuKernels} on heap copies ({@link CpuScratch}). Both give the same bits;
 * the system property {@code sandwich.cpu.vector=false} keeps the scalar loops, for comparisons.
 */
final class CpuPasses {
    /** Whether the passes and Adam run as {@link CpuVectorKernels} by default. */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("sandwich.cpu.vector"));

    private final CpuScratch scratch;
    private final CpuParallel parallel;
    private final boolean vector;
    private double[] biasScratch = new double[0];

    /** {@code vector} true only where the module is loaded. */
    CpuPasses(CpuScratch scratch, CpuParallel parallel, boolean vector) {
        this.scratch = scratch;
        this.parallel = parallel;
        this.vector = vector;
    }

    /** What the passes use of jdk.incubator.vector, for the backend's libraries. */
    String vectorLibrary() {
        return vector ? CpuVectorKernels.lanes() + " float lanes"
                : VECTOR ? "loaded, not used" : "not loaded (java --add-modules jdk.incubator.vector loads it)";
    }

    /** How the passes run, for the backend's description. */
    String describe() {
        return vector ? CpuVectorKernels.lanes() + "-lane vector kernels"
                : "scalar kernels (jdk.incubator.vector not loaded)";
    }

    void addBias(CpuTensor z, CpuTensor bias, boolean relu) {
        if (vector) {
            CpuVectorKernels.addBias(z.bytes(), z.rows(), z.cols(), bias.bytes(), relu);
            return;
        }
        float[] a = scratch.in(z, 0);
        CpuKernels.addBias(a, z.rows(), z.cols(), scratch.in(bias, 1), relu);
        back(a, z);
    }

    void reluBackward(CpuTensor grad, CpuTensor out) {
        if (vector) {
            CpuVectorKernels.reluBackward(grad.bytes(), out.bytes(), grad.size());
            return;
        }
        float[] g = scratch.in(grad, 0);
        CpuKernels.reluBackward(g, scratch.in(out, 1), grad.size());
        back(g, grad);
    }

    void multiply(CpuTensor x, CpuTensor y) {
        if (vector) {
            CpuVectorKernels.multiply(x.bytes(), y.bytes(), x.size());
            return;
        }
        float[] a = scratch.in(x, 0);
        CpuKernels.multiply(a, scratch.in(y, 1), x.size());
        back(a, x);
    }

    /** Dropout with the draws of key (seed, counter), split between the threads on even elements. */
    void dropout(CpuTensor x, CpuTensor mask, float p, long seed, long counter) {
        int n = x.size();
        int pairs = (n + 1) / 2; // each hash feeds two elements
        if (vector) {
            parallel.forRange(pairs, 4096, (from, to, worker) ->
                    CpuVectorKernels.dropout(x.bytes(), mask.bytes(), 2 * from, Math.min(n, 2 * to), p, seed,
                            counter));
            return;
        }
        float[] a = scratch.in(x, 0);
        float[] m = scratch.empty(1, n);
        parallel.forRange(pairs, 4096, (from, to, worker) ->
                CpuKernels.dropout(a, m, 2 * from, Math.min(n, 2 * to), p, seed, counter));
        back(a, x);
        back(m, mask);
    }

    void biasGradient(CpuTensor grad, float beta, CpuTensor dbias) {
        if (biasScratch.length < grad.cols()) {
            biasScratch = new double[grad.cols()];
        }
        if (vector) {
            CpuVectorKernels.biasGradient(grad.bytes(), grad.rows(), grad.cols(), beta, dbias.bytes(), biasScratch);
            return;
        }
        float[] db = scratch.in(dbias, 1);
        CpuKernels.biasGradient(scratch.in(grad, 0), grad.rows(), grad.cols(), beta, db, biasScratch);
        back(db, dbias);
    }
}
