package io.sandwich.backend.cuda;

import io.sandwich.backend.LossKind;
import jcuda.driver.CUdeviceptr;

/**
 * The GPU backend's reductions, each a kernel that adds into an element of an accumulator tensor: a batch's loss
 * (with its gradient, or alone), its top-1 and top-k hits, and a tensor's non-finite values.
 */
final class CudaLosses {
    private static final int BLOCK = 256;

    private final CudaKernels kernels;

    CudaLosses(CudaKernels kernels) {
        this.kernels = kernels;
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

    /**
     * The loss into element {@code base + stride * *counter} of {@code acc} (just {@code base} when {@code counter} is
     * null) and, unless {@code grad} is null, its gradient scaled by {@code gradScale}.
     */
    void loss(LossKind kind, CudaTensor pred, CudaTensor target, CUdeviceptr grad, float gradScale, CudaTensor acc,
            CUdeviceptr counter, int base, int stride) {
        kernels.launch("loss_grad", kind + " on " + pred.shape(), pred.rows(), BLOCK, code(kind), pred.ptr(),
                target.ptr(), grad, acc.ptr(), counter, base, stride, pred.rows(), pred.cols(), gradScale);
    }

    /** Top-1 hits into element {@code slot} of {@code counters}, top-k hits into the next. */
    void countCorrect(CudaTensor pred, CudaTensor target, int k, CudaTensor counters, int slot) {
        kernels.launch("count_correct", pred.shape(), CudaKernels.blocks(pred.rows(), 128), 128, pred.ptr(),
                target.ptr(), pred.rows(), pred.cols(), k, counters.ptr(), slot);
    }

    /** The number of NaN or infinite elements of {@code x} into element {@code slot} of {@code counters}. */
    void countNonFinite(CudaTensor x, CudaTensor counters, int slot) {
        kernels.launch("count_nonfinite", x.shape(), CudaKernels.blocks(x.size(), BLOCK), BLOCK, x.ptr(), x.size(),
                counters.ptr(), slot);
    }
}
