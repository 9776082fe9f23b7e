package io.sandwich.backend;

import io.sandwich.data.CsrMatrix;
import java.util.List;

/**
 * Every numerical operation of training and inference, implemented once per device.
 *
 * <p>Conventions: matrices are row-major; a linear layer's weight is {@code [out, in]} as in PyTorch; an
 * operation that takes a {@code beta} writes {@code out = result + beta * out} (so {@code beta = 0} overwrites
 * and {@code beta = 1} accumulates); shapes are checked and a mismatch raises {@link BackendException}. No
 * operation allocates. Closing the backend frees everything it allocated.
 *
 * <p>Operations are queued in order (a GPU runs them asynchronously on one stream); only the methods that hand
 * values to the host ({@link #download}, {@link #read}) wait for them. Values that change from one training step to
 * the next are read from {@link Counter}s when an operation runs ({@link StepIndex}, {@link #dropout(Tensor,
 * Tensor, float, long, Counter)}, the step count inside {@link AdamState}), so that a whole step can be recorded
 * once with {@link #capture} and replayed per batch.
 */
public interface Backend extends AutoCloseable {
    /** The device this backend computes on. */
    Device device();

    /**
     * What the backend decided differently from what it was asked when it opened, one sentence each (a GPU backend
     * asked for cuSPARSE SpMM where this cuSPARSE refuses it); {@link Backends#open} passes them to its notice.
     */
    default List<String> notices() {
        return List.of();
    }

    /**
     * The device, a short description of it and the versions of the libraries that compute, for a run's record;
     * cheap after the first call.
     */
    BackendInfo info();

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

    /**
     * Fills {@code order} with the row order of an epoch, {@link EpochOrder}'s permutation for (seed, epoch), computed
     * where the buffer lives (on a GPU, by a kernel: nothing crosses to the device).
     */
    void shuffle(IndexBuffer order, long seed, long epoch);

    /** A counter, set to 0. */
    Counter allocateCounter();

    /** Sets a counter (queued like any operation; a captured set writes the value it was given). */
    void set(Counter counter, long value);

    /** Adds one to a counter (queued). */
    void increment(Counter counter);

    /** A counter's value once the queued operations have run (waits for them). */
    long read(Counter counter);

    /** {@code slots} sums, each 0. */
    Sums allocateSums(int slots);

    /** Sets every slot of {@code sums} to 0 (queued). */
    void zero(Sums sums);

    /** Copies the slots of {@code sums} into {@code dst} once the queued operations have run (waits for them). */
    void read(Sums sums, double[] dst);

    /** A sparse batch able to hold {@code maxRows} rows of {@code m}. */
    SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows);

    /**
     * Whether the input layer is faster on sparse batches of {@code m} ({@link #sparseTimesWeightT}) than on
     * dense ones ({@link #gemm}), as measured for this backend.
     */
    boolean sparseInputPays(DeviceMatrix m);

    /**
     * Fills {@code dst} with rows {@code order[start .. start + count)} of {@code src}, {@code start} read when the
     * operation runs; a range outside {@code order} is an error (on a GPU, where it can only be known then, the
     * batch is left empty).
     */
    void gatherSparse(DeviceMatrix src, IndexBuffer order, StepIndex start, int count, SparseBatch dst);

    /** {@link #gatherSparse(DeviceMatrix, IndexBuffer, StepIndex, int, SparseBatch)} from a fixed start. */
    default void gatherSparse(DeviceMatrix src, IndexBuffer order, int start, int count, SparseBatch dst) {
        gatherSparse(src, order, StepIndex.fixed(start), count, dst);
    }

    /**
     * Fills dense {@code dst} (dst.rows() rows) with rows {@code order[start ..]} of {@code src}, {@code start} read
     * when the operation runs (out of range: as {@link #gatherSparse(DeviceMatrix, IndexBuffer, StepIndex, int,
     * SparseBatch)}; on a GPU the rows are left zero).
     */
    void gatherDense(DeviceMatrix src, IndexBuffer order, StepIndex start, Tensor dst);

    /** {@link #gatherDense(DeviceMatrix, IndexBuffer, StepIndex, Tensor)} from a fixed start. */
    default void gatherDense(DeviceMatrix src, IndexBuffer order, int start, Tensor dst) {
        gatherDense(src, order, StepIndex.fixed(start), dst);
    }

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

    /** {@link #dropout(Tensor, Tensor, float, long, long)} keyed by a counter's value when the operation runs. */
    void dropout(Tensor x, Tensor mask, float p, long seed, Counter counter);

    /** {@code x *= y} elementwise (same shape). */
    void multiply(Tensor x, Tensor y);

    /**
     * Computes the batch loss of {@code pred} against {@code target} and writes its gradient with respect to
     * {@code pred} into {@code grad} (scaled by {@code gradScale}); adds the per-sample sum of the loss (see
     * {@link LossKind#meanOverRows()}), summed over the batch in double, to slot {@code slot} of {@code sums}.
     */
    void lossAndGradient(LossKind kind, Tensor pred, Tensor target, float gradScale, Tensor grad,
            Sums sums, StepIndex slot);

    /** {@link #lossAndGradient(LossKind, Tensor, Tensor, float, Tensor, Sums, StepIndex)} into a fixed slot. */
    default void lossAndGradient(LossKind kind, Tensor pred, Tensor target, float gradScale, Tensor grad,
            Sums sums, int slot) {
        lossAndGradient(kind, pred, target, gradScale, grad, sums, StepIndex.fixed(slot));
    }

    /** The loss only, added as {@link #lossAndGradient} would, without a gradient. */
    void loss(LossKind kind, Tensor pred, Tensor target, Sums sums, int slot);

    /**
     * Counts rows whose argmax of {@code pred} equals the argmax of {@code target} (added to element
     * {@code slot} of {@code sums}) and rows whose target argmax is among the {@code k} largest predictions (added
     * to {@code slot + 1}).
     */
    void countCorrect(Tensor pred, Tensor target, int k, Sums sums, int slot);

    /**
     * Adds the number of NaN or infinite elements of {@code x} to slot {@code slot} of {@code sums}: the
     * once-per-epoch check of every weight, without copying the weights to the host.
     */
    void countNonFinite(Tensor x, Sums sums, int slot);

    /** Zeroed Adam moments for {@code size} parameters, and a step count of 0 ({@link AdamState#steps()}). */
    AdamState allocateAdamState(int size);

    /** Zeroes the moments and the step count (queued). */
    void reset(AdamState state);

    /** Copies the moments to the host: first moments into {@code m}, second into {@code v} (each of size()). */
    void download(AdamState state, float[] m, float[] v);

    /** Sets the moments from host values (each of size()), e.g. when resuming from a checkpoint. */
    void upload(float[] m, float[] v, AdamState state);

    /**
     * One Adam step over flat parameter and gradient buffers: adds one to the state's step count, then updates with
     * the bias corrections of that count (the first step is step 1), read when the operation runs.
     */
    void adamStep(Tensor params, Tensor grads, AdamState state, AdamConfig config);

    /**
     * Records the operations {@code body} issues on this backend, without running them, as a step to replay
     * ({@link CapturedStep#replay()}); the body may only queue operations: allocating, uploading, downloading or
     * reading a counter inside it is an error, and so is anything the body does on the host between operations,
     * which a replay does not repeat. A backend set to run steps eagerly (or unable to capture one) returns a step
     * whose replay runs {@code body} again. {@code what} names the step in errors.
     */
    CapturedStep capture(String what, Runnable body);

    /**
     * Opens a scope: closing it frees what this backend allocated since it was opened (scopes nest; a backend
     * whose memory the garbage collector reclaims may do nothing). Nothing allocated inside may be used after.
     */
    MemoryScope openScope();

    /** Frees everything this backend allocated. */
    @Override
    void close();
}
