package io.sandwich.backend;

import io.sandwich.data.CsrMatrix;

/**
 * The half of {@link CheckedBackend} that deals in handles rather than arithmetic, written once for every backend:
 * allocation, transfers, counters and sums, scopes and closing, each checked (shapes, handles of another backend,
 * what a captured step or a closed backend refuses) before the backend's protected {@code do...} method does the
 * device's own work. The type parameters are the backend's handle classes, as in {@link HandleTypes}.
 */
public abstract class CheckedHandles<T extends Tensor, C extends Counter, U extends Sums, M extends DeviceMatrix,
        I extends IndexBuffer, S extends FixedSparseBatch, A extends AdamState> implements Backend {
    /** The casts to this backend's handle classes. */
    protected final HandleTypes<T, C, U, M, I, S, A> types;
    private final Device device;
    private String capturing;
    private boolean closed;
    private BackendInfo info;

    /** A backend on {@code device} whose handles are of {@code types}. */
    protected CheckedHandles(HandleTypes<T, C, U, M, I, S, A> types, Device device) {
        this.types = types;
        this.device = device;
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

    /** Marks the step {@code what} as being captured, or none when null, for {@link #live}. */
    final void capturing(String what) {
        capturing = what;
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
    public final Sums allocateSums(int slots) {
        live("allocateSums");
        return doAllocateSums(slots);
    }

    @Override
    public final void zero(Sums sums) {
        doZero(types.sums(sums));
    }

    @Override
    public final void read(Sums sums, double[] dst) {
        live("read");
        U u = types.sums(sums);
        Shapes.slots("read", u, 0, dst.length);
        doRead(u, dst);
    }

    @Override
    public final SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows) {
        live("allocateSparseBatch");
        return doAllocateSparseBatch(types.matrix(m), maxRows);
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
    protected abstract U doAllocateSums(int slots);
    protected abstract void doRead(U sums, double[] dst);
    protected abstract S doAllocateSparseBatch(M m, int maxRows);
    protected abstract A doAllocateAdamState(int size);
    protected abstract void doDownload(A state, float[] m, float[] v);
    protected abstract void doUpload(float[] m, float[] v, A state);
    protected abstract MemoryScope doOpenScope();
    protected abstract void doClose();

    // Queued in order (recorded while a step is being captured):
    protected abstract void doSet(C counter, long value);
    protected abstract void doIncrement(C counter);
    protected abstract void doZero(U sums);
    protected abstract void doReset(A state);
}
