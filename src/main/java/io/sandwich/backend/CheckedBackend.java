package io.sandwich.backend;

/**
 * What every {@link Backend} does before its device works, written once: the shape checks ({@link Shapes}), the
 * refusal of what cannot be part of a captured step or comes after {@link #close()}, the casts from the interface's
 * handles to the backend's own ({@link HandleTypes}), and the frame of {@link #capture}. Its public methods are
 * final; a backend implements the protected {@code do...} methods, which get checked, typed arguments and do only
 * the device's own work. The handles' half (allocation, transfers, counters, sums) is {@link CheckedHandles}; this
 * class adds the arithmetic. The type parameters are the backend's handle classes, as in {@link HandleTypes}.
 */
public abstract class CheckedBackend<T extends Tensor, C extends Counter, U extends Sums, M extends DeviceMatrix,
        I extends IndexBuffer, S extends FixedSparseBatch, A extends AdamState> extends CheckedHandles<T, C, U, M, I,
        S, A> {
    private final boolean graphs;

    /**
     * A backend on {@code device} whose handles are of {@code types}; {@code graphs} false makes {@link #capture}
     * return steps that run their body again at every replay.
     */
    protected CheckedBackend(HandleTypes<T, C, U, M, I, S, A> types, Device device, boolean graphs) {
        super(types, device);
        this.graphs = graphs;
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
    public final void shuffle(IndexBuffer order, long seed, long epoch) {
        doShuffle(types.indices(order), seed, epoch);
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
            Sums sums, StepIndex slot) {
        String op = "lossAndGradient(" + kind + ")";
        Shapes.same(op, pred, target);
        Shapes.same(op, pred, grad);
        Shapes.slots(op, sums, slot.base(), 1);
        doLossAndGradient(kind, types.tensor(pred), types.tensor(target), gradScale, types.tensor(grad),
                types.sums(sums), slot);
    }

    @Override
    public final void loss(LossKind kind, Tensor pred, Tensor target, Sums sums, int slot) {
        Shapes.same("loss(" + kind + ")", pred, target);
        Shapes.slots("loss(" + kind + ")", sums, slot, 1);
        doLossAndGradient(kind, types.tensor(pred), types.tensor(target), 1f, null, types.sums(sums),
                StepIndex.fixed(slot));
    }

    @Override
    public final void countCorrect(Tensor pred, Tensor target, int k, Sums sums, int slot) {
        Shapes.same("countCorrect", pred, target);
        Shapes.slots("countCorrect", sums, slot, 2);
        doCountCorrect(types.tensor(pred), types.tensor(target), k, types.sums(sums), slot);
    }

    @Override
    public final void countNonFinite(Tensor x, Sums sums, int slot) {
        Shapes.slots("countNonFinite", sums, slot, 1);
        doCountNonFinite(types.tensor(x), types.sums(sums), slot);
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
        capturing(what);
        boolean recorded = false;
        try {
            body.run();
            recorded = true;
        } finally {
            capturing(null);
            if (!recorded) {
                abandonCapture(what);
            }
        }
        return endCapture(what);
    }

    // The device's own work, on checked and typed handles (see Backend's methods of the same names). Done at once:
    protected abstract boolean doSparseInputPays(M m);

    // Queued in order (recorded while a step is being captured):
    protected abstract void doFill(T t, float value);
    protected abstract void doCopy(T src, T dst);
    protected abstract void doAxpy(float alpha, T x, T y);
    protected abstract void doShuffle(I order, long seed, long epoch);
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
    /** {@code grad} is null for {@link #loss}: the loss alone. */
    protected abstract void doLossAndGradient(LossKind kind, T pred, T target, float gradScale, T grad, U sums,
            StepIndex slot);
    protected abstract void doCountCorrect(T pred, T target, int k, U sums, int slot);
    protected abstract void doCountNonFinite(T x, U sums, int slot);
    protected abstract void doAdamStep(T params, T grads, A state, AdamConfig config);

    /** Starts recording the operations issued from now on as the step {@code what}. */
    protected abstract void beginCapture(String what);

    /** Ends the recording begun by {@link #beginCapture}: the step to replay. */
    protected abstract CapturedStep endCapture(String what);

    /** Ends the recording begun by {@link #beginCapture} after the body failed, dropping what it recorded. */
    protected abstract void abandonCapture(String what);
}
