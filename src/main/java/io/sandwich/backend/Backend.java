package io.sandwich.backend;

import io.sandwich.data.CsrMatrix;

/**
 * Every numerical operation of training and inference, implemented once per device.
 *
 * <p>Conventions: matrices are row-major; a linear layer's weight is {@code [out, in]} as in PyTorch; an
 * operation that takes a {@code beta} writes {@code out = result + beta * out} (so {@code beta = 0} overwrites
 * and {@code beta = 1} accumulates); shapes are checked and a mismatch raises {@link BackendException}. No
 * operation allocates. Closing the backend frees everything it allocated.
 */
public interface Backend extends AutoCloseable {
    /** The device this backend computes on. */
    Device device();

    /** A zero-filled tensor. */
    Tensor allocate(int rows, int cols);

    /**
     * A view of {@code rows x cols} elements of {@code base} starting at element {@code offset}; writes through
     * the view change {@code base}.
     */
    Tensor view(Tensor base, int offset, int rows, int cols);

    /** Copies host values into a tensor ({@code src.length == dst.size()}). */
    void upload(float[] src, Tensor dst);

    /** Copies a tensor's values to the host ({@code dst.length >= src.size()}). */
    void download(Tensor src, float[] dst);

    /** Sets every element. */
    void fill(Tensor t, float value);

    /** {@code dst = src} (same shape). */
    void copy(Tensor src, Tensor dst);

    /** {@code y = alpha * x + y} (same size). */
    void axpy(float alpha, Tensor x, Tensor y);

    /** Uploads a whole data matrix for the length of a run. */
    DeviceMatrix uploadMatrix(CsrMatrix m);

    /** An index buffer of the given length (an epoch's permutation). */
    IndexBuffer allocateIndices(int length);

    /** Sets the index buffer's contents. */
    void upload(int[] src, IndexBuffer dst);

    /** A sparse batch able to hold {@code maxRows} rows of {@code m}. */
    SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows);

    /**
     * Whether the input layer is faster on sparse batches of {@code m} ({@link #sparseTimesWeightT}) than on
     * dense ones ({@link #gemm}), as measured for this backend.
     */
    boolean sparseInputPays(DeviceMatrix m);

    /** Fills {@code dst} with rows {@code order[start .. start + count)} of {@code src}. */
    void gatherSparse(DeviceMatrix src, IndexBuffer order, int start, int count, SparseBatch dst);

    /** Fills dense {@code dst} (dst.rows() rows) with rows {@code order[start ..]} of {@code src}. */
    void gatherDense(DeviceMatrix src, IndexBuffer order, int start, Tensor dst);

    /** {@code c = alpha * op(a) * op(b) + beta * c}, op transposing when asked. */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** {@code c = s * w^T + beta * c}: a linear layer's forward on sparse input ({@code w} is [out, in]). */
    void sparseTimesWeightT(SparseBatch s, Tensor w, float beta, Tensor c);

    /** {@code dw = g^T * s + beta * dw}: a linear layer's weight gradient on sparse input. */
    void gradTTimesSparse(Tensor g, SparseBatch s, float beta, Tensor dw);

    /** {@code z += bias} per row, then {@code z = max(z, 0)} when {@code relu}. */
    void addBias(Tensor z, Tensor bias, boolean relu);

    /** {@code grad *= (out > 0)}, the ReLU backward given the ReLU's output. */
    void reluBackward(Tensor grad, Tensor out);

    /** {@code dbias = column sums of grad + beta * dbias}. */
    void biasGradient(Tensor grad, float beta, Tensor dbias);

    /**
     * Inverted dropout: {@code mask = (u >= p) / (1 - p)} with {@code u} uniform from a counter-based generator
     * keyed by (seed, counter, element), then {@code x *= mask}.
     */
    void dropout(Tensor x, Tensor mask, float p, long seed, long counter);

    /** {@code x *= y} elementwise (same shape). */
    void multiply(Tensor x, Tensor y);

    /**
     * Computes the batch loss of {@code pred} against {@code target} and writes its gradient with respect to
     * {@code pred} into {@code grad} (scaled by {@code gradScale}); adds the per-sample sum of the loss (see
     * {@link LossKind#meanOverRows()}) to element {@code slot} of {@code accumulator}.
     */
    void lossAndGradient(LossKind kind, Tensor pred, Tensor target, float gradScale, Tensor grad,
            Tensor accumulator, int slot);

    /** The loss only, added as {@link #lossAndGradient} would, without a gradient. */
    void loss(LossKind kind, Tensor pred, Tensor target, Tensor accumulator, int slot);

    /**
     * Counts rows whose argmax of {@code pred} equals the argmax of {@code target} (added to element
     * {@code slot}) and rows whose target argmax is among the {@code k} largest predictions (added to
     * {@code slot + 1}).
     */
    void countCorrect(Tensor pred, Tensor target, int k, Tensor counters, int slot);

    /** Zeroed Adam moments for {@code size} parameters. */
    AdamState allocateAdamState(int size);

    /** Zeroes the moments. */
    void reset(AdamState state);

    /** Copies the moments to the host: first moments into {@code m}, second into {@code v} (each of size()). */
    void download(AdamState state, float[] m, float[] v);

    /** Sets the moments from host values (each of size()), e.g. when resuming from a checkpoint. */
    void upload(float[] m, float[] v, AdamState state);

    /** One Adam step ({@code step} counts from 1) over flat parameter and gradient buffers. */
    void adamStep(Tensor params, Tensor grads, AdamState state, AdamConfig config, int step);

    /**
     * Opens a scope: closing it frees what this backend allocated since it was opened (scopes nest; a backend
     * whose memory the garbage collector reclaims may do nothing). Nothing allocated inside may be used after.
     */
    MemoryScope openScope();

    /** Frees everything this backend allocated. */
    @Override
    void close();
}
