package io.sandwich.backend.cuda;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.AdamState;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.CapturedStep;
import io.sandwich.backend.Counter;
import io.sandwich.backend.Device;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.Shapes;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.StepIndex;
import io.sandwich.backend.Tensor;
import io.sandwich.data.CsrMatrix;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPU implementation of {@link Backend}: cuBLAS SGEMM (FP32, or TF32 tensor cores when asked), cuSPARSE SpMM
 * for sparse inputs ({@link CudaSparse}), and the project's kernels, all queued on one non-blocking stream.
 *
 * <p>The host waits for the GPU only where values come back ({@link #download}, {@link #read}). Uploads and the
 * zeroing of new allocations are queued on the same stream ({@code cuMemcpyHtoDAsync}, {@code cuMemsetD8Async}), so
 * that the work after them sees them: the driver's plain {@code cuMemcpyHtoD} and {@code cuMemsetD8} run on the
 * legacy stream, which a non-blocking stream does not wait for.
 * {@link #capture} records a step from the stream as a CUDA graph ({@code cuStreamBeginCapture} in global mode,
 * cuBLAS bound to the stream with a preallocated workspace); operations that would wait or allocate are refused
 * while capturing. Closing frees every graph and allocation. A backend is used from the thread that opened it: the
 * driver's current context, which the driver API calls rely on, belongs to that thread.
 */
public final class CudaBackend implements Backend {
    private static final int BLOCK = 256;
    /** cuBLAS workspace, set once so that captured GEMMs never allocate (NVIDIA's advice for Hopper: 32 MiB). */
    private static final long CUBLAS_WORKSPACE = 32L << 20;

    private final Device device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final cublasHandle cublas = new cublasHandle();
    private final DeviceMemory memory = new DeviceMemory(stream);
    private final CudaKernels kernels;
    private final CudaSparse sparse;
    private final boolean useSpmm;
    private final boolean graphs;
    private final List<CudaGraphStep> captured = new ArrayList<>();
    private String capturing;
    private int graphsCaptured;
    private boolean closed;

    /**
     * Opens GPU {@code ordinal}; {@code tf32} lets cuBLAS use TF32 tensor cores, {@code useSpmm} makes sparse
     * inputs go through cuSPARSE SpMM instead of a dense GEMM; steps are captured as CUDA graphs.
     */
    public CudaBackend(int ordinal, boolean tf32, boolean useSpmm) {
        this(ordinal, tf32, useSpmm, true);
    }

    /**
     * As {@link #CudaBackend(int, boolean, boolean)}; {@code graphs} false runs every step's operations one by one
     * ({@link #capture} then returns an eager step).
     */
    public CudaBackend(int ordinal, boolean tf32, boolean useSpmm, boolean graphs) {
        CudaRuntime.unavailableReason().ifPresent(reason -> {
            throw new BackendException("no GPU backend: " + reason);
        });
        this.device = Device.gpu(ordinal);
        this.useSpmm = useSpmm;
        this.graphs = graphs;
        try {
            JCudaDriver.cuDeviceGet(cuDevice, ordinal);
            JCudaDriver.cuDevicePrimaryCtxRetain(context, cuDevice);
            JCudaDriver.cuCtxSetCurrent(context);
            JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
            JCublas2.cublasCreate(cublas);
            JCublas2.cublasSetStream(cublas, new cudaStream_t(stream));
            JCublas2.cublasSetMathMode(cublas, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH
                    : cublasMath.CUBLAS_DEFAULT_MATH);
        } catch (RuntimeException e) {
            throw new CudaBackendException("opening GPU " + ordinal, e);
        }
        this.kernels = new CudaKernels(stream);
        this.sparse = new CudaSparse(stream, memory, kernels, this::live);
        CUdeviceptr workspace = memory.allocate(CUBLAS_WORKSPACE, 1, "the cuBLAS workspace");
        try {
            JCublas2.cublasSetWorkspace(cublas, workspace, CUBLAS_WORKSPACE);
        } catch (RuntimeException e) {
            throw new CudaBackendException("cublasSetWorkspace (" + CUBLAS_WORKSPACE + " bytes)", e);
        }
    }

    @Override
    public Device device() {
        return device;
    }

    /** Device name, compute capability and driver version. */
    public String describe() {
        return CudaRuntime.describe(device.index());
    }

    private static CudaTensor t(Tensor x) {
        if (x instanceof CudaTensor c) {
            return c;
        }
        throw new BackendException("expected a GPU tensor, found " + x);
    }

    private static CudaCounter c(Counter x) {
        if (x instanceof CudaCounter c) {
            return c;
        }
        throw new BackendException("expected a GPU counter, found " + x);
    }

    /** The counter pointer of a step index (null for a fixed one, which the kernels then take as it is). */
    private static CUdeviceptr counterOf(StepIndex i) {
        return i.counter() == null ? null : c(i.counter()).ptr;
    }

    /** Refuses an operation that cannot be part of a captured step. */
    private void live(String op) {
        if (capturing != null) {
            throw new BackendException(op + " inside a captured step (" + capturing
                    + "): a captured step may only queue operations");
        }
    }

    private void sync(String what) {
        live(what);
        try {
            JCudaDriver.cuStreamSynchronize(stream);
        } catch (RuntimeException e) {
            throw new CudaBackendException(what, e);
        }
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        live("allocate");
        return new CudaTensor(memory.floats((long) rows * cols, "a [" + rows + ", " + cols + "] tensor"), rows, cols);
    }

    @Override
    public Tensor view(Tensor base, int offset, int rows, int cols) {
        Shapes.view(base, offset, rows, cols);
        return new CudaTensor(t(base).ptr.withByteOffset((long) offset * Sizeof.FLOAT), rows, cols);
    }

    @Override
    public void upload(float[] src, Tensor dst) {
        live("upload");
        Shapes.upload(src.length, dst);
        memory.copyIn(t(dst).ptr, Pointer.to(src), (long) src.length * Sizeof.FLOAT, dst.shape());
    }

    @Override
    public void download(Tensor src, float[] dst) {
        Shapes.download(src, dst.length);
        sync("the work queued before downloading " + src.shape());
        JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), t(src).ptr, (long) src.size() * Sizeof.FLOAT);
    }

    @Override
    public void fill(Tensor x, float value) {
        kernels.launch("fill", "fill " + x.shape(), CudaKernels.blocks(x.size(), BLOCK), BLOCK, t(x).ptr, value,
                x.size());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Shapes.same("copy", src, dst);
        JCudaDriver.cuMemcpyDtoDAsync(t(dst).ptr, t(src).ptr, (long) src.size() * Sizeof.FLOAT, stream);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Shapes.same("axpy", x, y);
        try {
            JCublas2.cublasSaxpy(cublas, x.size(), Pointer.to(new float[] {alpha}), t(x).ptr, 1, t(y).ptr, 1);
        } catch (RuntimeException e) {
            throw new CudaBackendException("cublasSaxpy on " + x.shape(), e);
        }
    }

    @Override
    public DeviceMatrix uploadMatrix(CsrMatrix m) {
        live("uploadMatrix");
        String what = "a " + m.rows() + "x" + m.cols() + " data matrix";
        return new CudaMatrix(memory.upload(m.rowPtr(), what), memory.upload(m.colIdx(), what),
                memory.upload(m.values(), what), m.rows(), m.cols(), m.nnz(), m.maxRowNnz());
    }

    @Override
    public IndexBuffer allocateIndices(int length) {
        live("allocateIndices");
        return new CudaIndexBuffer(memory.ints(length, length + " indices"), length);
    }

    @Override
    public void upload(int[] src, IndexBuffer dst) {
        CudaIndexBuffer d = (CudaIndexBuffer) dst;
        if (src.length != d.length()) {
            throw new BackendException("upload: expected " + d.length() + " indices, found " + src.length);
        }
        live("upload");
        memory.copyIn(d.ptr, Pointer.to(src), (long) src.length * Sizeof.INT, src.length + " indices");
    }

    @Override
    public void shuffle(IndexBuffer order, long seed, long epoch) {
        CudaIndexBuffer o = (CudaIndexBuffer) order;
        kernels.launch("shuffle", "the order of " + o.length() + " rows", CudaKernels.blocks(o.length(), BLOCK), BLOCK,
                o.ptr, o.length(), seed, epoch);
    }

    @Override
    public Counter allocateCounter() {
        live("allocateCounter");
        return new CudaCounter(memory.allocate(1, Sizeof.LONG, "a counter"));
    }

    @Override
    public void set(Counter counter, long value) {
        kernels.launch("counter_set", "set a counter", 1, 1, c(counter).ptr, value);
    }

    @Override
    public void increment(Counter counter) {
        kernels.launch("counter_add", "increment a counter", 1, 1, c(counter).ptr, 1L);
    }

    @Override
    public long read(Counter counter) {
        sync("reading a counter");
        long[] v = new long[1];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(v), c(counter).ptr, Sizeof.LONG);
        return v[0];
    }

    /**
     * Off unless asked for ({@code --spmm}): on the 52-wide App input, where the widest row has 34 of 52 entries, the
     * dense GEMM path is expected to win.
     */
    @Override
    public boolean sparseInputPays(DeviceMatrix m) {
        return useSpmm;
    }

    @Override
    public SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows) {
        live("allocateSparseBatch");
        int width = m.maxRowNnz();
        int capacity = Math.max(1, maxRows * width);
        String what = "a sparse batch of " + maxRows + " rows";
        return new CudaSparseBatch(memory.ints(maxRows + 1L, what), memory.ints(capacity, what),
                memory.floats(capacity, what), m.cols(), maxRows, width);
    }

    /**
     * A fixed start is checked here; one read from a counter can only be checked when the kernel runs, which then
     * leaves the batch empty (zero rows) rather than reading outside the order.
     */
    private static void checkStart(String op, StepIndex start, int count, IndexBuffer order, String into) {
        int s = start.base();
        if (start.counter() == null && (s < 0 || (long) s + count > order.length())) {
            throw new BackendException(op + ": rows " + s + ".." + ((long) s + count) + " of " + order.length()
                    + " into " + into);
        }
    }

    @Override
    public void gatherSparse(DeviceMatrix src, IndexBuffer order, StepIndex start, int count, SparseBatch dst) {
        CudaMatrix m = (CudaMatrix) src;
        CudaSparseBatch b = (CudaSparseBatch) dst;
        if (count > b.maxRows || count < 0 || b.cols != m.cols) {
            throw new BackendException("gatherSparse: " + count + " rows of width " + m.cols + " into a batch of "
                    + b.maxRows + " rows of width " + b.cols);
        }
        checkStart("gatherSparse", start, count, order, "a batch of " + b.maxRows + " rows");
        CudaIndexBuffer o = (CudaIndexBuffer) order;
        Shapes.sparseRows(m.maxRowNnz, b.width);
        kernels.launch("gather_csr_padded", "a sparse batch of " + count + " rows",
                CudaKernels.blocks(count + 1L, BLOCK), BLOCK, m.rowPtr, m.colIdx, m.values, o.ptr, o.length(),
                counterOf(start), start.base(), start.stride(), count, b.width, b.rowPtr, b.colIdx, b.values);
        b.rows = count;
    }

    @Override
    public void gatherDense(DeviceMatrix src, IndexBuffer order, StepIndex start, Tensor dst) {
        CudaMatrix m = (CudaMatrix) src;
        if (dst.cols() != m.cols) {
            throw new BackendException("gatherDense: rows of width " + m.cols + " into " + dst.shape());
        }
        checkStart("gatherDense", start, dst.rows(), order, dst.shape());
        CudaIndexBuffer o = (CudaIndexBuffer) order;
        kernels.launch("gather_dense", "gather into " + dst.shape(), dst.rows(), 64, m.rowPtr, m.colIdx, m.values,
                o.ptr, o.length(), counterOf(start), start.base(), start.stride(), t(dst).ptr, dst.rows(),
                dst.cols());
    }

    /**
     * Row-major {@code C = op(A) op(B)} is column-major {@code C^T = op(B)^T op(A)^T}: cuBLAS gets the operands
     * swapped, each with its own transpose flag, and the row lengths as leading dimensions.
     */
    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int k = Shapes.gemm(transA, transB, a, b, c);
        int m = c.rows();
        int n = c.cols();
        if (m == 0 || n == 0) {
            return;
        }
        try {
            JCublas2.cublasSgemm(cublas, transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                    transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N, n, m, k,
                    Pointer.to(new float[] {alpha}), t(b).ptr, Math.max(1, b.cols()), t(a).ptr, Math.max(1, a.cols()),
                    Pointer.to(new float[] {beta}), t(c).ptr, Math.max(1, n));
        } catch (RuntimeException e) {
            throw new CudaBackendException("cublasSgemm " + a.shape() + (transA ? "^T" : "") + " x " + b.shape()
                    + (transB ? "^T" : "") + " -> " + c.shape(), e);
        }
    }

    @Override
    public void sparseTimesWeightT(SparseBatch s, Tensor w, float beta, Tensor c) {
        CudaSparseBatch b = (CudaSparseBatch) s;
        Shapes.sparseTimesWeightT(b, w, c);
        sparse.timesWeightT(b, t(w).ptr, w.rows(), w.cols(), beta, t(c).ptr);
    }

    @Override
    public void gradTTimesSparse(Tensor g, SparseBatch s, float beta, Tensor dw) {
        CudaSparseBatch b = (CudaSparseBatch) s;
        Shapes.gradTTimesSparse(g, b, dw);
        sparse.gradTTimes(t(g).ptr, g.cols(), b, beta, t(dw).ptr);
    }

    @Override
    public void addBias(Tensor z, Tensor bias, boolean relu) {
        Shapes.bias("addBias", bias, z);
        kernels.launch("add_bias", "bias on " + z.shape(), CudaKernels.blocks(z.size(), BLOCK), BLOCK, t(z).ptr,
                t(bias).ptr, z.rows(), z.cols(), relu ? 1 : 0);
    }

    @Override
    public void reluBackward(Tensor grad, Tensor out) {
        Shapes.same("reluBackward", grad, out);
        kernels.launch("relu_backward", grad.shape(), CudaKernels.blocks(grad.size(), BLOCK), BLOCK, t(grad).ptr,
                t(out).ptr, grad.size());
    }

    @Override
    public void biasGradient(Tensor grad, float beta, Tensor dbias) {
        Shapes.bias("biasGradient", dbias, grad);
        kernels.launch("bias_grad", grad.shape(), CudaKernels.blocks(grad.cols(), 128), 128, t(grad).ptr,
                t(dbias).ptr, grad.rows(), grad.cols(), beta);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, float p, long seed, long counter) {
        dropout(x, mask, p, seed, null, counter);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, float p, long seed, Counter counter) {
        dropout(x, mask, p, seed, c(counter).ptr, 0L);
    }

    /** The dropout kernel keyed by {@code *counterAt} when it is not null, else by {@code counter}. */
    private void dropout(Tensor x, Tensor mask, float p, long seed, CUdeviceptr counterAt, long counter) {
        Shapes.same("dropout", x, mask);
        Shapes.probability(p);
        kernels.launch("dropout", x.shape(), CudaKernels.blocks((x.size() + 1L) / 2, BLOCK), BLOCK, t(x).ptr,
                t(mask).ptr, x.size(), p, seed, counterAt, counter);
    }

    @Override
    public void multiply(Tensor x, Tensor y) {
        Shapes.same("multiply", x, y);
        kernels.launch("multiply", x.shape(), CudaKernels.blocks(x.size(), BLOCK), BLOCK, t(x).ptr, t(y).ptr,
                x.size());
    }

    private static int lossCode(LossKind kind) {
        return switch (kind) {
            case MSE -> 0;
            case MASKED -> 1;
            case MASKED_ELEMENTWISE -> 2;
            case L1 -> 3;
            case SOFT_CE -> 4;
        };
    }

    @Override
    public void lossAndGradient(LossKind kind, Tensor pred, Tensor target, float gradScale, Tensor grad,
            Tensor accumulator, StepIndex slot) {
        Shapes.same("lossAndGradient(" + kind + ")", pred, target);
        Shapes.same("lossAndGradient(" + kind + ")", pred, grad);
        kernels.launch("loss_grad", kind + " on " + pred.shape(), pred.rows(), BLOCK, lossCode(kind), t(pred).ptr,
                t(target).ptr, t(grad).ptr, t(accumulator).ptr, counterOf(slot), slot.base(), slot.stride(),
                pred.rows(), pred.cols(), gradScale);
    }

    @Override
    public void loss(LossKind kind, Tensor pred, Tensor target, Tensor accumulator, int slot) {
        Shapes.same("loss(" + kind + ")", pred, target);
        kernels.launch("loss_grad", kind + " on " + pred.shape(), pred.rows(), BLOCK, lossCode(kind), t(pred).ptr,
                t(target).ptr, null, t(accumulator).ptr, null, slot, 0, pred.rows(), pred.cols(), 1f);
    }

    @Override
    public void countCorrect(Tensor pred, Tensor target, int k, Tensor counters, int slot) {
        Shapes.same("countCorrect", pred, target);
        kernels.launch("count_correct", pred.shape(), CudaKernels.blocks(pred.rows(), 128), 128, t(pred).ptr,
                t(target).ptr, pred.rows(), pred.cols(), k, t(counters).ptr, slot);
    }

    @Override
    public void countNonFinite(Tensor x, Tensor counters, int slot) {
        kernels.launch("count_nonfinite", x.shape(), CudaKernels.blocks(x.size(), BLOCK), BLOCK, t(x).ptr, x.size(),
                t(counters).ptr, slot);
    }

    @Override
    public AdamState allocateAdamState(int size) {
        live("allocateAdamState");
        return new CudaAdamState(memory.floats(size, "Adam moments"), memory.floats(size, "Adam moments"),
                memory.allocate(CudaAdamState.STEP_RECORD, 1, "Adam's step record"), size);
    }

    @Override
    public void download(AdamState state, float[] m, float[] v) {
        CudaAdamState s = (CudaAdamState) state;
        Shapes.adamState(s.size(), m.length, v.length);
        sync("the work queued before downloading Adam moments");
        JCudaDriver.cuMemcpyDtoH(Pointer.to(m), s.m, (long) s.size() * Sizeof.FLOAT);
        JCudaDriver.cuMemcpyDtoH(Pointer.to(v), s.v, (long) s.size() * Sizeof.FLOAT);
    }

    @Override
    public void upload(float[] m, float[] v, AdamState state) {
        CudaAdamState s = (CudaAdamState) state;
        Shapes.adamState(s.size(), m.length, v.length);
        live("upload");
        memory.copyIn(s.m, Pointer.to(m), (long) s.size() * Sizeof.FLOAT, "Adam moments");
        memory.copyIn(s.v, Pointer.to(v), (long) s.size() * Sizeof.FLOAT, "Adam moments");
    }

    @Override
    public void reset(AdamState state) {
        CudaAdamState s = (CudaAdamState) state;
        for (CUdeviceptr p : new CUdeviceptr[] {s.m, s.v}) {
            kernels.launch("fill", "Adam reset", CudaKernels.blocks(s.size(), BLOCK), BLOCK, p, 0f, s.size());
        }
        kernels.launch("counter_set", "Adam reset", 1, 1, s.steps.ptr, 0L);
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, AdamState state, AdamConfig cfg) {
        Shapes.same("adamStep", params, grads);
        CudaAdamState s = (CudaAdamState) state;
        if (s.size() != params.size()) {
            throw new BackendException("adamStep: moments for " + s.size() + " parameters, found " + params.shape());
        }
        kernels.launch("adam_tick", "Adam's step count", 1, 1, s.steps.ptr, s.scalars, cfg.lr(), cfg.beta1(),
                cfg.beta2());
        kernels.launch("adam", params.size() + " parameters", CudaKernels.blocks(params.size(), BLOCK), BLOCK,
                t(params).ptr, t(grads).ptr, s.m, s.v, params.size(), s.scalars, cfg.beta1(), cfg.beta2(),
                cfg.eps(), cfg.weightDecay());
    }

    @Override
    public CapturedStep capture(String what, Runnable body) {
        live("capture");
        if (!graphs) {
            return CapturedStep.eager(body);
        }
        CUgraph graph = new CUgraph();
        try {
            JCudaDriver.cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_GLOBAL);
        } catch (RuntimeException e) {
            throw new CudaBackendException("beginning the capture of " + what, e);
        }
        capturing = what;
        RuntimeException failure = null;
        try {
            body.run();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            capturing = null;
        }
        try {
            JCudaDriver.cuStreamEndCapture(stream, graph); // also when the body failed: leaves capture mode
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = new CudaBackendException("capturing " + what, e);
            }
        }
        if (failure != null) {
            destroy(graph);
            throw failure;
        }
        CUgraphExec exec = new CUgraphExec();
        try {
            JCudaDriver.cuGraphInstantiate(exec, graph, 0L);
        } catch (RuntimeException e) {
            destroy(graph);
            throw new CudaBackendException("instantiating the graph of " + what, e);
        }
        CudaGraphStep step = new CudaGraphStep(what, graph, exec, stream, captured::remove);
        captured.add(step);
        graphsCaptured++;
        return step;
    }

    /** How many steps this backend has captured as graphs so far (for tests). */
    int graphsCaptured() {
        return graphsCaptured;
    }

    private static void destroy(CUgraph graph) {
        try {
            JCudaDriver.cuGraphDestroy(graph);
        } catch (RuntimeException e) {
            // a graph the failed capture never produced
        }
    }

    /**
     * Frees the scope's device memory once the queued work is done. The SpMM buffers, when they last grew inside a
     * scope, are freed with it and allocated again on next use.
     */
    @Override
    public MemoryScope openScope() {
        live("openScope");
        int mark = memory.mark();
        return () -> {
            sync("the work queued before freeing a scope");
            sparse.forgetBuffersAbove(mark);
            memory.freeTo(mark);
        };
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            JCudaDriver.cuStreamSynchronize(stream);
        } catch (RuntimeException e) {
            // free what we can below
        }
        List.copyOf(captured).forEach(CudaGraphStep::close); // each close removes itself
        sparse.close();
        kernels.close();
        memory.close();
        try {
            JCublas2.cublasDestroy(cublas);
            JCudaDriver.cuStreamDestroy(stream);
            JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice);
        } catch (RuntimeException e) {
            // the process may be ending; nothing useful to add
        }
    }
}
