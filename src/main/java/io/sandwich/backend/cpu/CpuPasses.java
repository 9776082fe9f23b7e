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
    private final boolean nativeKernels;
    private double[] biasScratch = new double[0];

    /**
     * {@code vector} true only where the module is loaded, {@code nativeKernels} only where {@link CpuNative} is
     * (which then runs every pass it has).
     */
    CpuPasses(CpuScratch scratch, CpuParallel parallel, boolean vector, boolean nativeKernels) {
        this.scratch = scratch;
        this.parallel = parallel;
        this.vector = vector;
        this.nativeKernels = nativeKernels;
    }

    /** What the passes use of jdk.incubator.vector, for the backend's libraries. */
    String vectorLibrary() {
        if (!VECTOR) {
            return "not loaded (java --add-modules jdk.incubator.vector loads it)";
        }
        return nativeKernels ? "loaded, not used (the native kernels run)"
                : vector ? CpuVectorKernels.lanes() + " float lanes" : "loaded, not used";
    }

    /** How the passes run, for the backend's description. */
    String describe() {
        return nativeKernels ? "native kernels" : vector ? CpuVectorKernels.lanes() + "-lane vector kernels"
                : "scalar kernels (jdk.incubator.vector not loaded)";
    }

    void addBias(CpuTensor z, CpuTensor bias, boolean relu) {
        if (nativeKernels) {
            CpuNative.addBias(z.address(), z.rows(), z.cols(), bias.address(), relu);
            return;
        }
        if (vector) {
            CpuVectorKernels.addBias(z.bytes(), z.rows(), z.cols(), bias.bytes(), relu);
            return;
        }
        float[] a = scratch.in(z, 0);
        CpuKernels.addBias(a, z.rows(), z.cols(), scratch.in(bias, 1), relu);
        back(a, z);
    }

    void reluBackward(CpuTensor grad, CpuTensor out) {
        if (nativeKernels) {
            CpuNative.reluBackward(grad.address(), out.address(), grad.size());
            return;
        }
        if (vector) {
            CpuVectorKernels.reluBackward(grad.bytes(), out.bytes(), grad.size());
            return;
        }
        float[] g = scratch.in(grad, 0);
        CpuKernels.reluBackward(g, scratch.in(out, 1), grad.size());
        back(g, grad);
    }

    void multiply(CpuTensor x, CpuTensor y) {
        if (nativeKernels) {
            CpuNative.multiply(x.address(), y.address(), x.size());
            return;
        }
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
        if (nativeKernels) {
            parallel.forRange(pairs, 4096, (from, to, worker) ->
                    CpuNative.dropout(x.address(), mask.address(), 2 * from, Math.min(n, 2 * to), p, seed, counter));
            return;
        }
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
        if (nativeKernels) {
            CpuNative.biasGradient(grad.address(), grad.rows(), grad.cols(), beta, dbias.address());
            return;
        }
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
