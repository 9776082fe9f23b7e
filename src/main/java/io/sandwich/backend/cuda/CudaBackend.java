package io.sandwich.backend.cuda;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.BackendInfo;
import io.sandwich.backend.CapturedStep;
import io.sandwich.backend.CheckedBackend;
import io.sandwich.backend.Device;
import io.sandwich.backend.HandleTypes;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.StepIndex;
import io.sandwich.data.CsrMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * The GPU implementation of {@link Backend}: cuBLAS SGEMM (FP32, or TF32 tensor cores when asked; {@link CudaBlas}),
 * cuSPARSE SpMM for sparse inputs ({@link CudaSparse}), and the project's kernels, all queued on one non-blocking
 * stream. The checks are {@link CheckedBackend}'s.
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
public final class CudaBackend extends CheckedBackend<CudaTensor, CudaCounter, CudaSums, CudaMatrix,
        CudaIndexBuffer, CudaSparseBatch, CudaAdamState> {
    private static final HandleTypes<CudaTensor, CudaCounter, CudaSums, CudaMatrix, CudaIndexBuffer, CudaSparseBatch,
            CudaAdamState> HANDLES = new HandleTypes<>("GPU", CudaTensor.class, CudaCounter.class, CudaSums.class,
                    CudaMatrix.class, CudaIndexBuffer.class, CudaSparseBatch.class, CudaAdamState.class);
    private static final int BLOCK = 256;

    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final CudaBlas blas = new CudaBlas();
    private final DeviceMemory memory = new DeviceMemory(stream);
    private final CudaKernels kernels;
    private final CudaSparse sparse;
    private final boolean useSpmm;
    private final CudaGraphs graphs = new CudaGraphs(stream);
    private final CudaGather gather;
    private final CudaLosses losses;

    /**
     * Opens GPU {@code ordinal}; {@code tf32} lets cuBLAS use TF32 tensor cores, {@code useSpmm} makes sparse
     * inputs go through cuSPARSE SpMM instead of a dense GEMM; {@code graphs} captures each step as a CUDA graph
     * (false runs every step's operations one by one: {@link #capture} then returns an eager step).
     */
    public CudaBackend(int ordinal, boolean tf32, boolean useSpmm, boolean graphs) {
        super(HANDLES, Device.gpu(ordinal), graphs);
        CudaRuntime.unavailableReason().ifPresent(reason -> {
            throw new BackendException("no GPU backend: " + reason);
        });
        CudaRuntime.claim(ordinal);
        try {
            JCudaDriver.cuDeviceGet(cuDevice, ordinal);
            JCudaDriver.cuDevicePrimaryCtxRetain(context, cuDevice);
            JCudaDriver.cuCtxSetCurrent(context);
            JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
            blas.create(stream, tf32);
            this.kernels = new CudaKernels(stream);
            this.sparse = new CudaSparse(stream, memory, kernels, this::live, useSpmm);
            this.useSpmm = useSpmm && sparse.refusal() == null;
            this.gather = new CudaGather(kernels);
            this.losses = new CudaLosses(kernels, memory, this::live);
            blas.setWorkspace(memory);
            blas.warmUp(memory, stream);
        } catch (RuntimeException e) {
            CudaRuntime.release();
            throw e instanceof BackendException b ? b : new CudaBackendException("opening GPU " + ordinal, e);
        }
    }

    @Override
    public List<String> notices() {
        return sparse.refusal() == null ? List.of() : List.of(sparse.refusal());
    }

    /** Device name, compute capability and driver version. */
    public String describe() {
        return CudaRuntime.describe(device().index());
    }

    /** {@link #describe()}, and the versions the driver, cuBLAS and cuSPARSE report. */
    @Override
    protected BackendInfo buildInfo() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("cuda-driver", CudaRuntime.reported(CudaRuntime::driverVersion));
        libraries.put("cublas", CudaRuntime.reported(blas::version));
        libraries.put("cusparse", CudaRuntime.reported(sparse::version));
        return new BackendInfo(device().toString(), describe(), libraries);
    }

    /** The counter pointer of a step index (null for a fixed one, which the kernels then take as it is). */
    private CUdeviceptr counterPtr(StepIndex i) {
        CudaCounter c = counterOf(i);
        return c == null ? null : c.ptr();
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
    protected CudaTensor doAllocate(int rows, int cols) {
        return new CudaTensor(memory.floats((long) rows * cols, "a [" + rows + ", " + cols + "] tensor"), rows, cols);
    }

    @Override
    protected CudaTensor doView(CudaTensor base, int offset, int rows, int cols) {
        return new CudaTensor(base.ptr().withByteOffset((long) offset * Sizeof.FLOAT), rows, cols);
    }

    @Override
    protected void doUpload(float[] src, CudaTensor dst) {
        memory.copyIn(dst.ptr(), Pointer.to(src), (long) src.length * Sizeof.FLOAT, dst.shape());
    }

    @Override
    protected void doDownload(CudaTensor src, float[] dst) {
        sync("the work queued before downloading " + src.shape());
        JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), src.ptr(), (long) src.size() * Sizeof.FLOAT);
    }

    @Override
    protected void doFill(CudaTensor x, float value) {
        kernels.fill(x.ptr(), value, x.size(), "fill " + x.shape());
    }

    @Override
    protected void doCopy(CudaTensor src, CudaTensor dst) {
        JCudaDriver.cuMemcpyDtoDAsync(dst.ptr(), src.ptr(), (long) src.size() * Sizeof.FLOAT, stream);
    }

    @Override
    protected void doAxpy(float alpha, CudaTensor x, CudaTensor y) {
        blas.axpy(alpha, x, y);
    }

    @Override
    protected CudaMatrix doUploadMatrix(CsrMatrix m) {
        String what = "a " + m.rows() + "x" + m.cols() + " data matrix";
        return new CudaMatrix(memory.upload(m.rowPtr(), what), memory.upload(m.colIdx(), what),
                memory.upload(m.values(), what), m.rows(), m.cols(), m.nnz(), m.maxRowNnz());
    }

    @Override
    protected CudaIndexBuffer doAllocateIndices(int length) {
        return new CudaIndexBuffer(memory.ints(length, length + " indices"), length);
    }

    @Override
    protected void doUpload(int[] src, CudaIndexBuffer dst) {
        memory.copyIn(dst.ptr(), Pointer.to(src), (long) src.length * Sizeof.INT, src.length + " indices");
    }

    @Override
    protected void doShuffle(CudaIndexBuffer o, long seed, long epoch) {
        kernels.launch("shuffle", "the order of " + o.length() + " rows", CudaKernels.blocks(o.length(), BLOCK),
                BLOCK, o.ptr(), o.length(), seed, epoch);
    }

    @Override
    protected CudaCounter doAllocateCounter() {
        return new CudaCounter(memory.allocate(1, Sizeof.LONG, "a counter"));
    }

    @Override
    protected void doSet(CudaCounter counter, long value) {
        kernels.launch("counter_set", "set a counter", 1, 1, counter.ptr(), value);
    }

    @Override
    protected void doIncrement(CudaCounter counter) {
        kernels.launch("counter_add", "increment a counter", 1, 1, counter.ptr(), 1L);
    }

    @Override
    protected long doRead(CudaCounter counter) {
        sync("reading a counter");
        long[] v = new long[1];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(v), counter.ptr(), Sizeof.LONG);
        return v[0];
    }

    @Override
    protected CudaSums doAllocateSums(int slots) {
        return new CudaSums(memory.allocate(slots, Sizeof.DOUBLE, slots + " sums"), slots);
    }

    @Override
    protected void doZero(CudaSums sums) {
        losses.zero(sums);
    }

    @Override
    protected void doRead(CudaSums sums, double[] dst) {
        sync("the work queued before reading " + sums.slots() + " sums");
        JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), sums.ptr(), (long) dst.length * Sizeof.DOUBLE);
    }

    /**
     * Off unless asked for ({@code --spmm}): on the 52-wide App input, where the widest row has 34 of 52 entries, the
     * dense GEMM path is expected to win.
     */
    @Override
    protected boolean doSparseInputPays(CudaMatrix m) {
        return useSpmm;
    }

    @Override
    protected CudaSparseBatch doAllocateSparseBatch(CudaMatrix m, int maxRows) {
        int width = m.maxRowNnz();
        int capacity = Math.max(1, maxRows * width);
        String what = "a sparse batch of " + maxRows + " rows";
        return new CudaSparseBatch(memory.ints(maxRows + 1L, what), memory.ints(capacity, what),
                memory.floats(capacity, what), m.cols(), maxRows, width);
    }

    @Override
    protected void doGatherSparse(CudaMatrix m, CudaIndexBuffer o, StepIndex start, int count, CudaSparseBatch b) {
        gather.sparse(m, o, start, counterPtr(start), count, b);
    }

    @Override
    protected void doGatherDense(CudaMatrix m, CudaIndexBuffer o, StepIndex start, CudaTensor dst) {
        gather.dense(m, o, start, counterPtr(start), dst);
    }

    @Override
    protected void doGemm(boolean transA, boolean transB, float alpha, CudaTensor a, CudaTensor b, float beta,
            CudaTensor c, int k) {
        blas.gemm(transA, transB, alpha, a, b, beta, c, k);
    }

    @Override
    protected void doSparseTimesWeightT(CudaSparseBatch s, CudaTensor w, float beta, CudaTensor c) {
        sparse.timesWeightT(s, w.ptr(), w.rows(), w.cols(), beta, c.ptr());
    }

    @Override
    protected void doGradTTimesSparse(CudaTensor g, CudaSparseBatch s, float beta, CudaTensor dw) {
        sparse.gradTTimes(g.ptr(), g.cols(), s, beta, dw.ptr());
    }

    @Override
    protected void doAddBias(CudaTensor z, CudaTensor bias, boolean relu) {
        kernels.launch("add_bias", "bias on " + z.shape(), CudaKernels.blocks(z.size(), BLOCK), BLOCK, z.ptr(),
                bias.ptr(), z.rows(), z.cols(), relu ? 1 : 0);
    }

    @Override
    protected void doReluBackward(CudaTensor grad, CudaTensor out) {
        kernels.launch("relu_backward", grad.shape(), CudaKernels.blocks(grad.size(), BLOCK), BLOCK, grad.ptr(),
                out.ptr(), grad.size());
    }

    @Override
    protected void doBiasGradient(CudaTensor grad, float beta, CudaTensor dbias) {
        // 32 columns a block, 8 threads summing each (BIAS_PARTS in the kernel)
        kernels.launch("bias_grad", grad.shape(), CudaKernels.blocks(grad.cols(), 32), 32 * 8, grad.ptr(),
                dbias.ptr(), grad.rows(), grad.cols(), beta);
    }

    /** The dropout kernel keyed by {@code *counter} when it is not null, else by {@code fixed}. */
    @Override
    protected void doDropout(CudaTensor x, CudaTensor mask, float p, long seed, CudaCounter counter, long fixed) {
        kernels.launch("dropout", x.shape(), CudaKernels.blocks((x.size() + 1L) / 2, BLOCK), BLOCK, x.ptr(),
                mask.ptr(), x.size(), p, seed, counter == null ? null : counter.ptr(), fixed);
    }

    @Override
    protected void doMultiply(CudaTensor x, CudaTensor y) {
        kernels.launch("multiply", x.shape(), CudaKernels.blocks(x.size(), BLOCK), BLOCK, x.ptr(), y.ptr(),
                x.size());
    }

    @Override
    protected void doLossAndGradient(LossKind kind, CudaTensor pred, CudaTensor target, float gradScale,
            CudaTensor grad, CudaSums sums, StepIndex slot) {
        losses.loss(kind, pred, target, grad == null ? null : grad.ptr(), gradScale, sums, counterPtr(slot),
                slot.base(), slot.stride());
    }

    @Override
    protected void doCountCorrect(CudaTensor pred, CudaTensor target, int k, CudaSums sums, int slot) {
        losses.countCorrect(pred, target, k, sums, slot);
    }

    @Override
    protected void doCountNonFinite(CudaTensor x, CudaSums sums, int slot) {
        losses.countNonFinite(x, sums, slot);
    }

    @Override
    protected CudaAdamState doAllocateAdamState(int size) {
        return CudaAdamState.allocate(memory, size);
    }

    @Override
    protected void doDownload(CudaAdamState s, float[] m, float[] v) {
        sync("the work queued before downloading Adam moments");
        JCudaDriver.cuMemcpyDtoH(Pointer.to(m), s.m(), (long) s.size() * Sizeof.FLOAT);
        JCudaDriver.cuMemcpyDtoH(Pointer.to(v), s.v(), (long) s.size() * Sizeof.FLOAT);
    }

    @Override
    protected void doUpload(float[] m, float[] v, CudaAdamState s) {
        memory.copyIn(s.m(), Pointer.to(m), (long) s.size() * Sizeof.FLOAT, "Adam moments");
        memory.copyIn(s.v(), Pointer.to(v), (long) s.size() * Sizeof.FLOAT, "Adam moments");
    }

    @Override
    protected void doReset(CudaAdamState s) {
        s.reset(kernels);
    }

    @Override
    protected void doAdamStep(CudaTensor params, CudaTensor grads, CudaAdamState s, AdamConfig cfg) {
        s.step(kernels, params, grads, cfg);
    }

    @Override
    protected void beginCapture(String what) {
        graphs.begin(what);
    }

    @Override
    protected CapturedStep endCapture(String what) {
        return graphs.end(what);
    }

    @Override
    protected void abandonCapture(String what) {
        graphs.abandon();
    }

    /** How many steps this backend has captured as graphs so far (for tests). */
    int graphsCaptured() {
        return graphs.captured();
    }

    /**
     * Frees the scope's device memory once the queued work is done. The SpMM and loss buffers, when they last grew
     * inside a scope, are freed with it and allocated again on next use.
     */
    @Override
    protected MemoryScope doOpenScope() {
        int mark = memory.mark();
        return () -> {
            sync("the work queued before freeing a scope");
            sparse.forgetBuffersAbove(mark);
            losses.forgetBuffersAbove(mark);
            memory.freeTo(mark);
        };
    }

    @Override
    protected void doClose() {
        try {
            JCudaDriver.cuStreamSynchronize(stream);
        } catch (RuntimeException e) {
            // free what we can below
        }
        graphs.closeAll();
        sparse.close();
        blas.destroy(); // before memory.close() frees the workspace this handle was given
        kernels.close();
        memory.close();
        try {
            JCudaDriver.cuStreamDestroy(stream);
            JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice);
        } catch (RuntimeException e) {
            // the process may be ending; nothing useful to add
        } finally {
            CudaRuntime.release();
        }
    }
}
