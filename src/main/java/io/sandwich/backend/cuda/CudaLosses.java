package io.sandwich.backend.cuda;

import io.sandwich.backend.LossKind;
import java.util.function.Consumer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/**
 * The GPU backend's reductions into {@link CudaSums}: a batch's loss (with its gradient, or alone), its top-1 and
 * top-k hits, and a tensor's non-finite values. A loss is two kernels: {@code loss_grad}, one block per row, writes
 * each row's loss in double into a buffer of parts, and {@code sum_parts} adds them in a fixed order and the batch's
 * total into its slot with one atomic; so a million rows sum as the CPU's double loop does, and alike on every run.
 */
final class CudaLosses {
    private static final int BLOCK = 256;

    private final CudaKernels kernels;
    private final GrownBuffer parts;

    /** Launches on {@code kernels}; the parts buffer grows from {@code memory}, refused by {@code live}. */
    CudaLosses(CudaKernels kernels, DeviceMemory memory, Consumer<String> live) {
        this.kernels = kernels;
        this.parts = new GrownBuffer(memory, live, "the loss's row parts");
    }

    /** The kernel {@code loss_grad}'s number for each loss. */
    private static int code(LossKind kind) {
        return switch (kind) {
            case MSE -> 0;
            case MASKED -> 1;
            case MASKED_ELEMENTWISE -> 2;
            case L1 -> 3;
            case SOFT_CE -> 4;
        };
    }

    /** Threads per row of {@code loss_grad}: a power of two from 32 to 256, no more than the columns need. */
    static int rowBlock(int cols) {
        return Math.min(BLOCK, Math.max(32, Integer.highestOneBit(Math.max(1, cols - 1)) << 1));
    }

    /**
     * The loss into slot {@code base + stride * *counter} of {@code sums} (just {@code base} when {@code counter} is
     * null) and, unless {@code grad} is null, its gradient scaled by {@code gradScale}.
     */
    void loss(LossKind kind, CudaTensor pred, CudaTensor target, CUdeviceptr grad, float gradScale, CudaSums sums,
            CUdeviceptr counter, int base, int stride) {
        String what = kind + " on " + pred.shape();
        CUdeviceptr p = parts.atLeast((long) Math.max(1, pred.rows()) * Sizeof.DOUBLE, what);
        kernels.launch("loss_grad", what, pred.rows(), rowBlock(pred.cols()), code(kind), pred.ptr(), target.ptr(),
                grad, p, pred.rows(), pred.cols(), gradScale);
        kernels.launch("sum_parts", what, 1, BLOCK, p, pred.rows(), sums.ptr(), counter, base, stride);
    }

    /** Top-1 hits into slot {@code slot} of {@code sums}, top-k hits into the next. */
    void countCorrect(CudaTensor pred, CudaTensor target, int k, CudaSums sums, int slot) {
        kernels.launch("count_correct", pred.shape(), CudaKernels.blocks(pred.rows(), 128), 128, pred.ptr(),
                target.ptr(), pred.rows(), pred.cols(), k, sums.ptr(), slot);
    }

    /** The number of NaN or infinite elements of {@code x} into slot {@code slot} of {@code sums}. */
    void countNonFinite(CudaTensor x, CudaSums sums, int slot) {
        kernels.launch("count_nonfinite", x.shape(), CudaKernels.blocks(x.size(), BLOCK), BLOCK, x.ptr(), x.size(),
                sums.ptr(), slot);
    }

    /** Every slot of {@code sums} set to 0.0, whose bits are those of two float zeros. */
    void zero(CudaSums sums) {
        kernels.fill(sums.ptr(), 0f, 2 * sums.slots(), "zero " + sums.slots() + " sums");
    }

    /** Forgets the parts buffer when a scope opened at {@code mark} is about to free it. */
    void forgetBuffersAbove(int mark) {
        parts.forgetAbove(mark);
    }
}
