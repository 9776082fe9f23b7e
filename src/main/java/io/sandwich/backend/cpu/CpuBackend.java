package io.sandwich.backend.cpu;

import static io.sandwich.backend.cpu.CpuScratch.back;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.BackendInfo;
import io.sandwich.backend.CapturedStep;
import io.sandwich.backend.CheckedBackend;
import io.sandwich.backend.Device;
import io.sandwich.backend.EpochOrder;
import io.sandwich.backend.HandleTypes;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.StepIndex;
import io.sandwich.data.CsrMatrix;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The CPU implementation of {@link Backend}: OpenBLAS SGEMM, or bf16 products on oneDNN, for dense products
 * ({@link CpuGemm}), hand-written loops over CSR for the sparse input layer ({@link CpuSparse}), fused loops for the
 * rest ({@link CpuPasses}). The checks are {@link CheckedBackend}'s.
 *
 * <p>{@link #capture} records the operations a step issues and replays them ({@link CpuRecording}), with a GPU
 * graph's semantics, unless the backend was opened to run steps eagerly.
 *
 * <p>Not thread-safe: one training run uses one backend from one thread; the backend's own workers split its
 * passes and its products ({@link CpuParallel}), with OpenBLAS single-threaded, so that the thread count changes no
 * number.
 */
public final class CpuBackend extends CheckedBackend<CpuTensor, CpuCounter, CpuSums, CpuMatrix, CpuIndexBuffer,
        CpuSparseBatch, CpuAdamState> {
    private static final HandleTypes<CpuTensor, CpuCounter, CpuSums, CpuMatrix, CpuIndexBuffer, CpuSparseBatch,
            CpuAdamState> HANDLES = new HandleTypes<>("CPU", CpuTensor.class, CpuCounter.class, CpuSums.class,
                    CpuMatrix.class, CpuIndexBuffer.class, CpuSparseBatch.class, CpuAdamState.class);

    private final CpuScratch scratch = new CpuScratch();
    private final CpuSparse sparse = new CpuSparse(scratch);
    private final CpuLosses losses = new CpuLosses(scratch);
    private final CpuParallel parallel;
    private final CpuAdam adam;
    private final CpuPasses passes;
    private final CpuGemm gemm;
    private CpuRecording recording;
    private long replays;

    /** A CPU backend on {@code threads} threads (0 or less: all available processors). */
    public CpuBackend(int threads) {
        this(threads, true);
    }

    /** As {@link #CpuBackend(int, boolean, boolean)} in fp32. */
    public CpuBackend(int threads, boolean graphs) {
        this(threads, graphs, false);
    }

    /**
     * A CPU backend on {@code threads} threads; {@code graphs} false makes {@link #capture} run each step's code
     * again at every replay instead of replaying its recorded operations; {@code bf16} multiplies in bf16
     * ({@link CpuBf16}), refused with a {@link BackendException} where this CPU has no bf16 products.
     */
    public CpuBackend(int threads, boolean graphs, boolean bf16) {
        this(threads, graphs, bf16, CpuPasses.VECTOR, CpuNative.loaded());
    }

    /**
     * As {@link #CpuBackend(int, boolean, boolean)}, with the vector kernels ({@link CpuPasses}) or without, and with
     * the native kernels ({@link CpuNative}) or without.
     */
    CpuBackend(int threads, boolean graphs, boolean bf16, boolean vector, boolean nativeKernels) {
        super(HANDLES, Device.cpu(), graphs);
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.parallel = new CpuParallel(n);
        this.adam = new CpuAdam(parallel, nativeKernels, vector);
        this.passes = new CpuPasses(scratch, parallel, vector, nativeKernels);
        try {
            openblas_nolapack.blas_set_num_threads(1); // the products' tiles are threaded instead (CpuGemm)
        } catch (UnsatisfiedLinkError e) {
            throw new BackendException("could not load OpenBLAS from the org.bytedeco:openblas artifact for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"), e);
        }
        this.gemm = new CpuGemm(parallel, bf16);
    }

    /**
     * The threads and how the elementwise passes run, and the OpenBLAS version the binding was built with (the full
     * binding's {@code openblas_get_config} would load a second, larger native library, which the GPU bundle leaves
     * out).
     */
    @Override
    protected BackendInfo buildInfo() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("openblas", openblas_nolapack.OPENBLAS_VERSION.trim());
        gemm.bf16Library().ifPresent(v -> libraries.put("onednn", v));
        libraries.put("jdk.incubator.vector", passes.vectorLibrary());
        libraries.put("native", adam.nativeKernel() || !CpuNative.loaded() ? CpuNative.describe() : "loaded, not used");
        libraries.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        String detail = parallel.threads() + " threads, " + passes.describe()
                + (libraries.containsKey("onednn") ? ", bf16 products" : "");
        return new BackendInfo(device().toString(), detail, libraries);
    }

    /** Runs an operation now, or records it while a step is being captured. */
    private void queue(Runnable op) {
        if (recording != null) {
            recording.add(op);
        } else {
            op.run();
        }
    }

    /** A step index's value now (when the operation runs). */
    private int at(StepIndex i) {
        CpuCounter k = counterOf(i);
        return i.at(k == null ? 0 : k.value);
    }

    @Override
    protected CpuTensor doAllocate(int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE / 4) {
            throw new BackendException("allocate: cannot hold a [" + rows + ", " + cols + "] float tensor");
        }
        return CpuTensor.allocate(rows, cols);
    }

    @Override
    protected CpuTensor doView(CpuTensor base, int offset, int rows, int cols) {
        return base.view(offset, rows, cols);
    }

    @Override
    protected void doUpload(float[] src, CpuTensor dst) {
        dst.buf().put(0, src);
    }

    @Override
    protected void doDownload(CpuTensor src, float[] dst) {
        src.buf().get(0, dst, 0, src.size());
    }

    @Override
    protected void doFill(CpuTensor x, float value) {
        queue(() -> {
            float[] a = scratch.empty(0, x.size());
            Arrays.fill(a, 0, x.size(), value);
            back(a, x);
        });
    }

    @Override
    protected void doCopy(CpuTensor src, CpuTensor dst) {
        queue(() -> dst.buf().put(0, src.buf(), 0, src.size()));
    }

    @Override
    protected void doAxpy(float alpha, CpuTensor x, CpuTensor y) {
        queue(() -> openblas_nolapack.cblas_saxpy(x.size(), alpha, x.buf(), 1, y.buf(), 1));
    }

    @Override
    protected CpuMatrix doUploadMatrix(CsrMatrix m) {
        return new CpuMatrix(m);
    }

    @Override
    protected CpuIndexBuffer doAllocateIndices(int length) {
        return new CpuIndexBuffer(length);
    }

    @Override
    protected void doUpload(int[] src, CpuIndexBuffer dst) {
        System.arraycopy(src, 0, dst.idx(), 0, src.length);
    }

    @Override
    protected void doShuffle(CpuIndexBuffer order, long seed, long epoch) {
        queue(() -> EpochOrder.fill(order.idx(), seed, epoch));
    }

    @Override
    protected CpuCounter doAllocateCounter() {
        return new CpuCounter();
    }

    @Override
    protected void doSet(CpuCounter counter, long value) {
        queue(() -> counter.value = value);
    }

    @Override
    protected void doIncrement(CpuCounter counter) {
        queue(() -> counter.value++);
    }

    @Override
    protected long doRead(CpuCounter counter) {
        return counter.value;
    }

    @Override
    protected CpuSums doAllocateSums(int slots) {
        return new CpuSums(slots);
    }

    @Override
    protected void doZero(CpuSums sums) {
        queue(() -> Arrays.fill(sums.values, 0.0));
    }

    @Override
    protected void doRead(CpuSums sums, double[] dst) {
        System.arraycopy(sums.values, 0, dst, 0, dst.length);
    }

    /**
     * Only for wide, very sparse inputs: on the 52-wide App vectors (22% non-zero) at batch 128, OpenBLAS's dense
     * GEMM does the input layer's forward and weight gradient in 0.45 ms against 2.3 ms for the CSR loops
     * (2 cores), so dense wins there.
     */
    @Override
    protected boolean doSparseInputPays(CpuMatrix m) {
        CsrMatrix c = m.csr();
        return c.cols() >= 512 && c.density() <= 0.05;
    }

    @Override
    protected CpuSparseBatch doAllocateSparseBatch(CpuMatrix m, int maxRows) {
        return new CpuSparseBatch(maxRows, m.cols(), m.maxRowNnz());
    }

    @Override
    protected void doGatherSparse(CpuMatrix src, CpuIndexBuffer order, StepIndex from, int count,
            CpuSparseBatch dst) {
        queue(() -> CpuSparse.gather(src, order.idx(), at(from), count, dst));
    }

    @Override
    protected void doGatherDense(CpuMatrix src, CpuIndexBuffer order, StepIndex from, CpuTensor dst) {
        queue(() -> sparse.gatherDense(src, order.idx(), at(from), dst));
    }

    @Override
    protected void doGemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta,
            CpuTensor c, int k) {
        queue(() -> gemm.gemm(transA, transB, alpha, a, b, beta, c, k));
    }

    @Override
    protected void doSparseTimesWeightT(CpuSparseBatch s, CpuTensor w, float beta, CpuTensor c) {
        queue(() -> sparse.timesWeightT(s, w, beta, c));
    }

    @Override
    protected void doGradTTimesSparse(CpuTensor g, CpuSparseBatch s, float beta, CpuTensor dw) {
        queue(() -> sparse.gradTTimes(g, s, beta, dw));
    }

    @Override
    protected void doAddBias(CpuTensor z, CpuTensor bias, boolean relu) {
        queue(() -> passes.addBias(z, bias, relu));
    }

    @Override
    protected void doReluBackward(CpuTensor grad, CpuTensor out) {
        queue(() -> passes.reluBackward(grad, out));
    }

    @Override
    protected void doBiasGradient(CpuTensor grad, float beta, CpuTensor dbias) {
        queue(() -> passes.biasGradient(grad, beta, dbias));
    }

    @Override
    protected void doDropout(CpuTensor x, CpuTensor mask, float p, long seed, CpuCounter counter, long fixed) {
        queue(() -> passes.dropout(x, mask, p, seed, counter == null ? fixed : counter.value));
    }

    @Override
    protected void doMultiply(CpuTensor x, CpuTensor y) {
        queue(() -> passes.multiply(x, y));
    }

    @Override
    protected void doLossAndGradient(LossKind kind, CpuTensor pred, CpuTensor target, float gradScale,
            CpuTensor grad, CpuSums sums, StepIndex slot) {
        queue(() -> losses.lossAndGradient(kind, pred, target, gradScale, grad, sums, at(slot)));
    }

    @Override
    protected void doCountCorrect(CpuTensor pred, CpuTensor target, int k, CpuSums sums, int slot) {
        queue(() -> losses.countCorrect(pred, target, k, sums, slot));
    }

    @Override
    protected void doCountNonFinite(CpuTensor x, CpuSums sums, int slot) {
        queue(() -> CpuLosses.countNonFinite(x, sums, slot));
    }

    @Override
    protected CpuAdamState doAllocateAdamState(int size) {
        return CpuAdamState.of(size);
    }

    @Override
    protected void doDownload(CpuAdamState state, float[] m, float[] v) {
        state.copyTo(m, v);
    }

    @Override
    protected void doUpload(float[] m, float[] v, CpuAdamState state) {
        state.copyFrom(m, v);
    }

    @Override
    protected void doReset(CpuAdamState state) {
        queue(state::clear);
    }

    @Override
    protected void doAdamStep(CpuTensor params, CpuTensor grads, CpuAdamState st, AdamConfig config) {
        queue(() -> adam.step(params, grads, st, config));
    }

    @Override
    protected void beginCapture(String what) {
        recording = new CpuRecording(what, () -> replays++, this::queue);
    }

    @Override
    protected CapturedStep endCapture(String what) {
        CapturedStep step = recording;
        recording = null;
        return step;
    }

    @Override
    protected void abandonCapture(String what) {
        recording = null;
    }

    /** How many recorded steps have been replayed (0 when running eagerly): for tests and benchmarks. */
    public long replays() {
        return replays;
    }

    /** Direct buffers are reclaimed by the garbage collector once unreachable: nothing to free here. */
    @Override
    protected MemoryScope doOpenScope() {
        return () -> { };
    }

    @Override
    protected void doClose() {
        parallel.close(); // direct buffers are freed by the garbage collector once unreachable
        gemm.close();
    }
}
