package io.sandwich.backend.cpu;

import io.sandwich.backend.LossKind;
import java.nio.FloatBuffer;

/**
 * The CPU backend's reductions, each adding a batch's total, summed in double, into a slot of {@link CpuSums}: a
 * batch's loss (with its gradient, or alone), its top-1 and top-k hits, and a tensor's non-finite values. Each runs
 * when the operation runs, its slot already read.
 */
final class CpuLosses {
    private final CpuScratch scratch;
    private final double[] hits = new double[2];

    CpuLosses(CpuScratch scratch) {
        this.scratch = scratch;
    }

    /** The loss into slot {@code slot} of {@code sums}; unless {@code grad} is null, its gradient, scaled. */
    void lossAndGradient(LossKind kind, CpuTensor pred, CpuTensor target, float gradScale, CpuTensor grad,
            CpuSums sums, int slot) {
        float[] g = grad == null ? null : scratch.empty(2, grad.size());
        sums.values[slot] += CpuKernels.loss(kind, scratch.in(pred, 0), scratch.in(target, 1), pred.rows(),
                pred.cols(), gradScale, g);
        if (grad != null) {
            CpuScratch.back(g, grad);
        }
    }

    /** Top-1 hits into slot {@code slot} of {@code sums}, top-k hits into the next. */
    void countCorrect(CpuTensor pred, CpuTensor target, int k, CpuSums sums, int slot) {
        hits[0] = 0;
        hits[1] = 0;
        CpuKernels.countCorrect(scratch.in(pred, 0), scratch.in(target, 1), pred.rows(), pred.cols(), k, hits);
        sums.values[slot] += hits[0];
        sums.values[slot + 1] += hits[1];
    }

    /** The number of NaN or infinite elements of {@code x} into slot {@code slot} of {@code sums}. */
    static void countNonFinite(CpuTensor x, CpuSums sums, int slot) {
        FloatBuffer b = x.buf();
        int bad = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            bad += Float.isFinite(b.get(i)) ? 0 : 1;
        }
        sums.values[slot] += bad;
    }
}
