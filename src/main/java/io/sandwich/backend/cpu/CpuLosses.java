package io.sandwich.backend.cpu;

import io.sandwich.backend.LossKind;
import java.nio.FloatBuffer;

/**
 * The CPU backend's reductions, each adding into an element of an accumulator tensor: a batch's loss (with its
 * gradient, or alone), its top-1 and top-k hits, and a tensor's non-finite values. Each runs when the operation
 * runs, its slot already read.
 */
final class CpuLosses {
    private final CpuScratch scratch;
    private final double[] hits = new double[2];

    CpuLosses(CpuScratch scratch) {
        this.scratch = scratch;
    }

    private static void addTo(CpuTensor acc, int slot, double value) {
        FloatBuffer b = acc.buf();
        b.put(slot, (float) (b.get(slot) + value));
    }

    /** The loss into element {@code slot} of {@code acc}; its gradient, scaled, into {@code grad}. */
    void lossAndGradient(LossKind kind, CpuTensor pred, CpuTensor target, float gradScale, CpuTensor grad,
            CpuTensor acc, int slot) {
        float[] g = scratch.empty(2, grad.size());
        addTo(acc, slot, CpuKernels.loss(kind, scratch.in(pred, 0), scratch.in(target, 1), pred.rows(), pred.cols(),
                gradScale, g));
        CpuScratch.back(g, grad);
    }

    /** The loss alone into element {@code slot} of {@code acc}. */
    void loss(LossKind kind, CpuTensor pred, CpuTensor target, CpuTensor acc, int slot) {
        addTo(acc, slot, CpuKernels.loss(kind, scratch.in(pred, 0), scratch.in(target, 1), pred.rows(), pred.cols(),
                1f, null));
    }

    /** Top-1 hits into element {@code slot} of {@code counters}, top-k hits into the next. */
    void countCorrect(CpuTensor pred, CpuTensor target, int k, CpuTensor counters, int slot) {
        hits[0] = 0;
        hits[1] = 0;
        CpuKernels.countCorrect(scratch.in(pred, 0), scratch.in(target, 1), pred.rows(), pred.cols(), k, hits);
        addTo(counters, slot, hits[0]);
        addTo(counters, slot + 1, hits[1]);
    }

    /** The number of NaN or infinite elements of {@code x} into element {@code slot} of {@code counters}. */
    static void countNonFinite(CpuTensor x, CpuTensor counters, int slot) {
        FloatBuffer b = x.buf();
        int bad = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            bad += Float.isFinite(b.get(i)) ? 0 : 1;
        }
        addTo(counters, slot, bad);
    }
}
