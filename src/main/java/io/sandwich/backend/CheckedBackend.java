package io.sandwich.backend;

import io.sandwich.data.CsrMatrix;

/**
 * What every {@link Backend} does before its device works, written once: the shape checks ({@link Shapes}), the
 * refusal of what cannot be part of a captured step or comes after {@link #close()}, the casts from the interface's
 * handles to the backend's own ({@link HandleTypes}), and the frame of {@link #capture}. Its public methods are
 * final; a backend implements the protected {@code do...} methods, which get checked, typed arguments and do only
 * the device's own work. The type parameters are the backend's handle classes, as in {@link HandleTypes}.
 */
public abstract class CheckedBackend<T extends Tensor, C extends Counter, M extends DeviceMatrix,
        I extends IndexBuffer, S extends FixedSparseBatch, A extends AdamState> implements Backend {
    private final HandleTypes<T, C, M, I, S, A> types;
    private final Device device;
    private final boolean graphs;
    private String capturing;
    private boolean closed;
    private BackendInfo info;

    /**
     * A backend on {@code device} whose handles are of {@code types}; {@code graphs} false makes {@link #capture}
     * return steps that run their body again at every replay.
     */
    protected CheckedBackend(HandleTypes<T, C, M, I, S, A> types, Device device, boolean graphs) {
        this.types = types;
        this.device = device;
        this.graphs = graphs;
    }

    /** Refuses what cannot be part of a captured step (it would wait, allocate or copy), and all after close. */
    protected final void live(String op) {
        if (closed) {
            throw new BackendException(op + " after the backend was closed");
        }
        if (capturing != null) {
            throw new BackendException(op + " inside a captured step (" + capturing
                    + "): a captured step may only queue operations");
        }
    }

    /** The counter a step index reads when an operation runs, or null for a fixed index. */
    protected final C counterOf(StepIndex i) {
        return i.counter() == null ? null : types.counter(i.counter());
    }

    @Override
    public final Device device() {
        return device;
    }

    /** Computed once, on first use ({@link #buildInfo()}). */
    @Override
    public final BackendInfo info() {
        if (info == null) {
            info = buildInfo();
        }
        return info;
    }

    @Override
    public final Tensor allocate(int rows, int cols) {
        live("allocate");
        return doAllocate(rows, cols);
    }

    @Override
    public final Tensor view(Tensor base, int offset, int rows, int cols) {
        T b = types.tensor(base);
        Shapes.view(base, offset, rows, cols);
        return doView(b, offset, rows, cols);
    }

    @Override
    public final void upload(float[] src, Tensor dst) {
        live("upload");
        Shapes.upload(src.length, dst);
        doUpload(src, types.tensor(dst));
    }

    @Override
    public final void download(Tensor src, float[] dst) {
        live("download");
        Shapes.download(src, dst.length);
        doDownload(types.tensor(src), dst);
    }

    @Override
    public final void fill(Tensor t, float value) {
        doFill(types.tensor(t), value);
    }

    @Override
    public final void copy(Tensor src, Tensor dst) {
        Shapes.same("copy", src, dst);
        doCopy(types.tensor(src), types.tensor(dst));
    }

    @Override
    public final void axpy(float alpha, Tensor x, Tensor y) {
        Shapes.same("axpy", x, y);
        doAxpy(alpha, types.tensor(x), types.tensor(y));
    }

    @Override
    public final DeviceMatrix uploadMatrix(CsrMatrix m) {
        live("uploadMatrix");
        return doUploadMatrix(m);
    }

    @Override
    public final IndexBuffer allocateIndices(int length) {
        live("allocateIndices");
        return doAllocateIndices(length);
    }

    @Override
    public final void upload(int[] src, IndexBuffer dst) {
        live("upload");
        I d = types.indices(dst);
        if (src.length != d.length()) {
            throw new BackendException("upload: expected " + d.length() + " indices, found " + src.length);
        }
        doUpload(src, d);
    }

    @Override
    public final void shuffle(IndexBuffer order, long seed, long epoch) {
        doShuffle(types.indices(order), seed, epoch);
    }

    @Override
    public final Counter allocateCounter() {
        live("allocateCounter");
        return doAllocateCounter();
    }

    @Override
    public final void set(Counter counter, long value) {
        doSet(types.counter(counter), value);
    }

    @Override
    public final void increment(Counter counter) {
        doIncrement(types.counter(counter));
    }

    @Override
    public final long read(Counter counter) {
        live("read");
        return doRead(types.counter(counter));
    }

    @Override
    public final SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows) {
        live("allocateSparseBatch");
        return doAllocateSparseBatch(types.matrix(m), maxRows);
    }

    @Override
    public final boolean sparseInputPays(DeviceMatrix m) {
        return doSparseInputPays(types.matrix(m));
    }

    @Override
    public final void gatherSparse(DeviceMatrix src, IndexBuffer order, StepIndex start, int count, SparseBatch dst) {
        M m = types.matrix(src);
        S b = types.batch(dst);
        Shapes.sparseRows(m.maxRowNnz(), b.width());
        doGatherSparse(m, types.indices(order), start, count, b);
    }

    @Override
    public final void gatherDense(DeviceMatrix src, IndexBuffer order, StepIndex start, Tensor dst) {
        doGatherDense(types.matrix(src), types.indices(order), start, types.tensor(dst));
    }

    @Override
    public final void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int k = Shapes.gemm(transA, transB, a, b, c);
        doGemm(transA, transB, alpha, types.tensor(a), types.tensor(b), beta, types.tensor(c), k);
    }

    @Override
    public final void sparseTimesWeightT(SparseBatch s, Tensor w, float beta, Tensor c) {
        S b = types.batch(s);
        Shapes.sparseTimesWeightT(b, w, c);
        doSparseTimesWeightT(b, types.tensor(w), beta, types.tensor(c));
    }

    @Override
    public final void gradTTimesSparse(Tensor g, SparseBatch s, float beta, Tensor dw) {
        S b = types.batch(s);
        Shapes.gradTTimesSparse(g, b, dw);
        doGradTTimesSparse(types.tensor(g), b, beta, types.tensor(dw));
    }

    @Override
    public final void addBias(Tensor z, Tensor bias, boolean relu) {
        Shapes.bias("addBias", bias, z);
        doAddBias(types.tensor(z), types.tensor(bias), relu);
    }

    @Override
    public final void reluBackward(Tensor grad, Tensor out) {
        Shapes.same("reluBackward", grad, out);
        doReluBackward(types.tensor(grad), types.tensor(out));
    }

    @Override
    public final void biasGradient(Tensor grad, float beta, Tensor dbias) {
        Shapes.bias("biasGradient", dbias, grad);
        doBiasGradient(types.tensor(grad), beta, types.tensor(dbias));
    }

    @Override
    public final void dropout(Tensor x, Tensor mask, float p, long seed, long counter) {
        Shapes.same("dropout", x, mask);
        Shapes.probability(p);
        doDropout(types.tensor(x), types.tensor(mask), p, seed, null, counter);
    }

    @Override
    public final void dropout(Tensor x, Tensor mask, float p, long seed, Counter counter) {
        C k = types.counter(counter);
        Shapes.same("dropout", x, mask);
        Shapes.probability(p);
        doDropout(types.tensor(x), types.tensor(mask), p, seed, k, 0L);
    }

    @Override
    public final void multiply(Tensor x, Tensor y) {
        Shapes.same("multiply", x, y);
        doMultiply(types.tensor(x), types.tensor(y));
    }

    @Override
    public final void lossAndGradient(LossKind kind, Tensor pred, Tensor target, float gradScale, Tensor grad,
            Tensor accumulator, StepIndex slot) {
        Shapes.same("lossAndGradient(" + kind + ")", pred, target);
        Shapes.same("lossAndGradient(" + kind + ")", pred, grad);
        doLossAndGradient(kind, types.tensor(pred), types.tensor(target), gradScale, types.tensor(grad),
                types.tensor(accumulator), slot);
    }

    @Override
    public final void loss(LossKind kind, Tensor pred, Tensor target, Tensor accumulator, int slot) {
        Shapes.same("loss(" + kind + ")", pred, target);
        doLoss(kind, types.tensor(pred), types.tensor(target), types.tensor(accumulator), slot);
    }

    @Override
    public final void countCorrect(Tensor pred, Tensor target, int k, Tensor counters, int slot) {
        Shapes.same("countCorrect", pred, target);
        doCountCorrect(types.tensor(pred), types.tensor(target), k, types.tensor(counters), slot);
    }

    @Override
    public final void countNonFinite(Tensor x, Tensor counters, int slot) {
        doCountNonFinite(types.tensor(x), types.tensor(counters), slot);
    }

    @Override
    public final AdamState allocateAdamState(int size) {
        live("allocateAdamState");
        return doAllocateAdamState(size);
    }

    @Override
    public final void reset(AdamState state) {
        doReset(types.adam(state));
    }

    @Override
    public final void download(AdamState state, float[] m, float[] v) {
        live("download");
        A s = types.adam(state);
        Shapes.adamState(s.size(), m.length, v.length);
        doDownload(s, m, v);
    }

    @Override
    public final void upload(float[] m, float[] v, AdamState state) {
        live("upload");
        A s = types.adam(state);
        Shapes.adamState(s.size(), m.length, v.length);
        doUpload(m, v, s);
    }

    @Override
    public final void adamStep(Tensor params, Tensor grads, AdamState state, AdamConfig config) {
        Shapes.same("adamStep", params, grads);
        A s = types.adam(state);
        if (s.size() != params.size()) {
            throw new BackendException("adamStep: moments for " + s.size() + " parameters, found " + params.shape());
        }
        doAdamStep(types.tensor(params), types.tensor(grads), s, config);
    }

    /**
     * Runs {@code body} between {@link #beginCapture} and {@link #endCapture} (or {@link #abandonCapture} when it
     * throws), refusing meanwhile what {@link #live} refuses; eager steps when the backend was opened without graphs.
     */
    @Override
    public final CapturedStep capture(String what, Runnable body) {
        live("capture");
        if (!graphs) {
            return CapturedStep.eager(body);
        }
        beginCapture(what);
        capturing = what;
        boolean recorded = false;
        try {
            body.run();
            recorded = true;
        } finally {
            capturing = null;
            if (!recorded) {
                abandonCapture(what);
            }
        }
        return endCapture(what);
    }

    @Override
    public final MemoryScope openScope() {
        live("openScope");
        return doOpenScope();
    }

    /** Frees everything once; later calls do nothing. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        doClose();
    }

    /** This backend's {@link BackendInfo}, asked once by {@link #info()}. */
    protected abstract BackendInfo buildInfo();

    // The device's own work, on checked and typed handles (see Backend's methods of the same names). Done at once:
    protected abstract T doAllocate(int rows, int cols);
    protected abstract T doView(T base, int offset, int rows, int cols);
    protected abstract void doUpload(float[] src, T dst);
    protected abstract void doDownload(T src, float[] dst);
    protected abstract M doUploadMatrix(CsrMatrix m);
    protected abstract I doAllocateIndices(int length);
    protected abstract void doUpload(int[] src, I dst);
    protected abstract C doAllocateCounter();
    protected abstract long doRead(C counter);
    protected abstract S doAllocateSparseBatch(M m, int maxRows);
    protected abstract boolean doSparseInputPays(M m);
    protected abstract A doAllocateAdamState(int size);
    protected abstract void doDownload(A state, float[] m, float[] v);
    protected abstract void doUpload(float[] m, float[] v, A state);

    // Queued in order (recorded while a step is being captured):
    protected abstract void doFill(T t, float value);
    protected abstract void doCopy(T src, T dst);
    protected abstract void doAxpy(float alpha, T x, T y);
    protected abstract void doShuffle(I order, long seed, long epoch);
    protected abstract void doSet(C counter, long value);
    protected abstract void doIncrement(C counter);
    protected abstract void doGatherSparse(M src, I order, StepIndex start, int count, S dst);
    protected abstract void doGatherDense(M src, I order, StepIndex start, T dst);
    /** {@code k}: the inner dimension. */
    protected abstract void doGemm(boolean transA, boolean transB, float alpha, T a, T b, float beta, T c, int k);
    protected abstract void doSparseTimesWeightT(S s, T w, float beta, T c);
    protected abstract void doGradTTimesSparse(T g, S s, float beta, T dw);
    protected abstract void doAddBias(T z, T bias, boolean relu);
    protected abstract void doReluBackward(T grad, T out);
    protected abstract void doBiasGradient(T grad, float beta, T dbias);
    /** Keyed by {@code counter}'s value when the operation runs, or by {@code fixed} when it is null. */
    protected abstract void doDropout(T x, T mask, float p, long seed, C counter, long fixed);
    protected abstract void doMultiply(T x, T y);
    protected abstract void doLossAndGradient(LossKind kind, T pred, T target, float gradScale, T grad,
            T accumulator, StepIndex slot);
    protected abstract void doLoss(LossKind kind, T pred, T target, T accumulator, int slot);
    protected abstract void doCountCorrect(T pred, T target, int k, T counters, int slot);
    protected abstract void doCountNonFinite(T x, T counters, int slot);
    protected abstract void doReset(A state);
    protected abstract void doAdamStep(T params, T grads, A state, AdamConfig config);

    /** Starts recording the operations issued from now on as the step {@code what}. */
    protected abstract void beginCapture(String what);

    /** Ends the recording begun by {@link #beginCapture}: the step to replay. */
    protected abstract CapturedStep endCapture(String what);

    /** Ends the recording begun by {@link #beginCapture} after the body failed, dropping what it recorded. */
    protected abstract void abandonCapture(String what);

    protected abstract MemoryScope doOpenScope();
    protected abstract void doClose();
}
