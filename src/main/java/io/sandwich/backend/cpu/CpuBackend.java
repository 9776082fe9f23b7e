package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.AdamState;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.CapturedStep;
import io.sandwich.backend.Counter;
import io.sandwich.backend.Device;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.EpochOrder;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.Shapes;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.StepIndex;
import io.sandwich.backend.Tensor;
import io.sandwich.data.CsrMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The CPU implementation of {@link Backend}: OpenBLAS SGEMM for dense products (transposes passed to BLAS, never
 * materialised), hand-written loops over CSR for the sparse input layer, fused loops for the rest.
 *
 * <p>{@link #capture} records the operations a step issues and replays them ({@link CpuRecording}), with a GPU
 * graph's semantics, unless the backend was opened to run steps eagerly.
 *
 * <p>Not thread-safe: one training run uses one backend from one thread (OpenBLAS threads internally).
 */
public final class CpuBackend implements Backend {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final double[] scratch2 = new double[2];
    private double[] biasScratch = new double[0];
    private final float[][] scratch = new float[4][0];
    private final float[][][] workerScratch;
    private final CpuParallel parallel;
    private final boolean graphs;
    private CpuRecording recording;
    private long replays;

    /** A CPU backend whose BLAS uses {@code threads} threads (0 or less: all available processors). */
    public CpuBackend(int threads) {
        this(threads, true);
    }

    /**
     * A CPU backend on {@code threads} threads; {@code graphs} false makes {@link #capture} run each step's code
     * again at every replay instead of replaying its recorded operations.
     */
    public CpuBackend(int threads, boolean graphs) {
        this.graphs = graphs;
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.parallel = new CpuParallel(n);
        this.workerScratch = new float[n][2][CpuAdamState.CHUNK];
        try {
            openblas_nolapack.blas_set_num_threads(n);
        } catch (UnsatisfiedLinkError e) {
            throw new BackendException("could not load OpenBLAS from the org.bytedeco:openblas artifact for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"), e);
        }
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    /** True, with the operation recorded, while a step is being captured: the caller then returns at once. */
    private boolean deferred(Runnable op) {
        if (recording == null) {
            return false;
        }
        recording.add(op);
        return true;
    }

    /** Refuses an operation that cannot be part of a captured step. */
    private void live(String op) {
        if (recording != null) {
            throw new BackendException(op + " inside a captured step (" + recording.what
                    + "): a captured step may only queue operations");
        }
    }

    private static CpuCounter c(Counter x) {
        if (x instanceof CpuCounter c) {
            return c;
        }
        throw new BackendException("expected a CPU counter, found " + x);
    }

    private static int at(StepIndex i) {
        return i.at(i.counter() == null ? 0 : c(i.counter()).value);
    }

    private static CpuTensor t(Tensor x) {
        if (x instanceof CpuTensor c) {
            return c;
        }
        throw new BackendException("expected a CPU tensor, found " + x);
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        live("allocate");
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE / 4) {
            throw new BackendException("allocate: cannot hold a [" + rows + ", " + cols + "] float tensor");
        }
        FloatBuffer buf = ByteBuffer.allocateDirect(rows * cols * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new CpuTensor(buf, rows, cols);
    }

    @Override
    public Tensor view(Tensor base, int offset, int rows, int cols) {
        CpuTensor b = t(base);
        Shapes.view(base, offset, rows, cols);
        return new CpuTensor(b.buf.slice(offset, rows * cols), rows, cols);
    }

    @Override
    public void upload(float[] src, Tensor dst) {
        live("upload");
        Shapes.upload(src.length, dst);
        t(dst).buf.put(0, src);
    }

    @Override
    public void download(Tensor src, float[] dst) {
        live("download");
        Shapes.download(src, dst.length);
        t(src).buf.get(0, dst, 0, src.size());
    }

    @Override
    public void fill(Tensor x, float value) {
        if (deferred(() -> fill(x, value))) {
            return;
        }
        float[] a = empty(0, x.size());
        Arrays.fill(a, 0, x.size(), value);
        back(a, x);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Shapes.same("copy", src, dst);
        if (deferred(() -> copy(src, dst))) {
            return;
        }
        t(dst).buf.put(0, t(src).buf, 0, src.size());
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        Shapes.same("axpy", x, y);
        if (deferred(() -> axpy(alpha, x, y))) {
            return;
        }
        openblas_nolapack.cblas_saxpy(x.size(), alpha, t(x).buf, 1, t(y).buf, 1);
    }

    @Override
    public DeviceMatrix uploadMatrix(CsrMatrix m) {
        live("uploadMatrix");
        return new CpuMatrix(m);
    }

    @Override
    public IndexBuffer allocateIndices(int length) {
        live("allocateIndices");
        return new CpuIndexBuffer(length);
    }

    @Override
    public void upload(int[] src, IndexBuffer dst) {
        live("upload");
        CpuIndexBuffer d = (CpuIndexBuffer) dst;
        if (src.length != d.idx.length) {
            throw new BackendException("upload: expected " + d.idx.length + " indices, found " + src.length);
        }
        System.arraycopy(src, 0, d.idx, 0, src.length);
    }

    @Override
    public void shuffle(IndexBuffer order, long seed, long epoch) {
        if (deferred(() -> shuffle(order, seed, epoch))) {
            return;
        }
        EpochOrder.fill(((CpuIndexBuffer) order).idx, seed, epoch);
    }

    @Override
    public Counter allocateCounter() {
        live("allocateCounter");
        return new CpuCounter();
    }

    @Override
    public void set(Counter counter, long value) {
        CpuCounter k = c(counter);
        if (deferred(() -> set(k, value))) {
            return;
        }
        k.value = value;
    }

    @Override
    public void increment(Counter counter) {
        CpuCounter k = c(counter);
        if (deferred(() -> increment(k))) {
            return;
        }
        k.value++;
    }

    @Override
    public long read(Counter counter) {
        live("read");
        return c(counter).value;
    }

    /**
     * Only for wide, very sparse inputs: on the 52-wide App vectors (22% non-zero) at batch 128, OpenBLAS's dense
     * GEMM does the input layer's forward and weight gradient in 0.45 ms against 2.3 ms for the CSR loops
     * (2 cores), so dense wins there.
     */
    @Override
    public boolean sparseInputPays(DeviceMatrix m) {
        CsrMatrix c = ((CpuMatrix) m).csr;
        return c.cols() >= 512 && c.density() <= 0.05;
    }

    @Override
    public SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows) {
        live("allocateSparseBatch");
        return new CpuSparseBatch(maxRows, m.cols(), m.maxRowNnz());
    }

    @Override
    public void gatherSparse(DeviceMatrix src, IndexBuffer order, StepIndex from, int count, SparseBatch dst) {
        Shapes.sparseRows(src.maxRowNnz(), ((CpuSparseBatch) dst).width);
        if (deferred(() -> gatherSparse(src, order, from, count, dst))) {
            return;
        }
        int start = at(from);
        CsrMatrix m = ((CpuMatrix) src).csr;
        CpuSparseBatch b = (CpuSparseBatch) dst;
        int[] idx = ((CpuIndexBuffer) order).idx;
        if (count > b.capacity() || start < 0 || start + count > idx.length || b.cols != m.cols()) {
            throw new BackendException("gatherSparse: rows " + start + ".." + (start + count) + " of " + idx.length
                    + " into a batch of " + b.capacity() + " rows");
        }
        int[] ptr = m.rowPtr();
        int k = 0;
        for (int i = 0; i < count; i++) {
            int r = idx[start + i];
            int len = ptr[r + 1] - ptr[r];
            System.arraycopy(m.colIdx(), ptr[r], b.colIdx, k, len);
            System.arraycopy(m.values(), ptr[r], b.values, k, len);
            k += len;
            b.rowPtr[i + 1] = k;
        }
        b.rows = count;
    }

    @Override
    public void gatherDense(DeviceMatrix src, IndexBuffer order, StepIndex from, Tensor dst) {
        if (deferred(() -> gatherDense(src, order, from, dst))) {
            return;
        }
        int start = at(from);
        CsrMatrix m = ((CpuMatrix) src).csr;
        int[] idx = ((CpuIndexBuffer) order).idx;
        if (dst.cols() != m.cols() || start < 0 || start + dst.rows() > idx.length) {
            throw new BackendException("gatherDense: rows " + start + ".." + (start + dst.rows()) + " of width "
                    + m.cols() + " into " + dst.shape());
        }
        float[] b = empty(0, dst.size());
        Arrays.fill(b, 0, dst.size(), 0f);
        int cols = m.cols();
        int[] ptr = m.rowPtr();
        for (int i = 0; i < dst.rows(); i++) {
            int r = idx[start + i];
            int base = i * cols;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                b[base + m.colIdx()[k]] = m.values()[k];
            }
        }
        back(b, dst);
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int k = Shapes.gemm(transA, transB, a, b, c);
        if (deferred(() -> gemm(transA, transB, alpha, a, b, beta, c))) {
            return;
        }
        int m = c.rows();
        int n = c.cols();
        if (m == 0 || n == 0) {
            return;
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                t(a).buf, Math.max(1, a.cols()), t(b).buf, Math.max(1, b.cols()), beta, t(c).buf, Math.max(1, n));
    }

    /** Scratch array {@code slot} holding a copy of {@code x} (bulk copy out of the direct buffer). */
    private float[] in(Tensor x, int slot) {
        float[] a = empty(slot, x.size());
        t(x).buf.get(0, a, 0, x.size());
        return a;
    }

    /** Scratch array {@code slot} with room for {@code n} values (contents undefined). */
    private float[] empty(int slot, int n) {
        if (scratch[slot].length < n) {
            scratch[slot] = new float[n];
        }
        return scratch[slot];
    }

    /** Copies the first {@code x.size()} values of {@code a} into {@code x}. */
    private static void back(float[] a, Tensor x) {
        t(x).buf.put(0, a, 0, x.size());
    }

    @Override
    public void sparseTimesWeightT(SparseBatch s, Tensor w, float beta, Tensor c) {
        CpuSparseBatch b = (CpuSparseBatch) s;
        Shapes.sparseTimesWeightT(b, w, c);
        if (deferred(() -> sparseTimesWeightT(s, w, beta, c))) {
            return;
        }
        int in = w.cols();
        int outCols = w.rows();
        // out[r, :] = sum over the row's entries (j, v) of v * W^T[j, :], contiguous rows that vectorise
        float[] wt = CpuKernels.transpose(in(w, 0), outCols, in, empty(3, w.size()));
        float[] out = beta == 0f ? empty(1, c.size()) : in(c, 1);
        for (int r = 0; r < b.rows; r++) {
            int base = r * outCols;
            if (beta == 0f) {
                Arrays.fill(out, base, base + outCols, 0f);
            } else if (beta != 1f) {
                for (int o = 0; o < outCols; o++) {
                    out[base + o] *= beta;
                }
            }
            for (int k = b.rowPtr[r]; k < b.rowPtr[r + 1]; k++) {
                CpuKernels.axpy(b.values[k], wt, b.colIdx[k] * outCols, out, base, outCols);
            }
        }
        back(out, c);
    }

    @Override
    public void gradTTimesSparse(Tensor g, SparseBatch s, float beta, Tensor dw) {
        CpuSparseBatch b = (CpuSparseBatch) s;
        Shapes.gradTTimesSparse(g, b, dw);
        if (deferred(() -> gradTTimesSparse(g, s, beta, dw))) {
            return;
        }
        int in = dw.cols();
        int outCols = g.cols();
        // accumulate dW^T[j, :] += v * g[r, :] (contiguous), then transpose into dW
        float[] acc = empty(3, dw.size());
        if (beta == 0f) {
            Arrays.fill(acc, 0, dw.size(), 0f);
        } else {
            CpuKernels.transpose(in(dw, 0), outCols, in, acc);
            if (beta != 1f) {
                for (int i = 0; i < dw.size(); i++) {
                    acc[i] *= beta;
                }
            }
        }
        float[] gb = in(g, 1);
        for (int r = 0; r < b.rows; r++) {
            for (int k = b.rowPtr[r]; k < b.rowPtr[r + 1]; k++) {
                CpuKernels.axpy(b.values[k], gb, r * outCols, acc, b.colIdx[k] * outCols, outCols);
            }
        }
        back(CpuKernels.transpose(acc, in, outCols, empty(0, dw.size())), dw);
    }

    @Override
    public void addBias(Tensor z, Tensor bias, boolean relu) {
        Shapes.bias("addBias", bias, z);
        if (deferred(() -> addBias(z, bias, relu))) {
            return;
        }
        float[] a = in(z, 0);
        CpuKernels.addBias(a, z.rows(), z.cols(), in(bias, 1), relu);
        back(a, z);
    }

    @Override
    public void reluBackward(Tensor grad, Tensor out) {
        Shapes.same("reluBackward", grad, out);
        if (deferred(() -> reluBackward(grad, out))) {
            return;
        }
        float[] g = in(grad, 0);
        CpuKernels.reluBackward(g, in(out, 1), grad.size());
        back(g, grad);
    }

    @Override
    public void biasGradient(Tensor grad, float beta, Tensor dbias) {
        Shapes.bias("biasGradient", dbias, grad);
        if (deferred(() -> biasGradient(grad, beta, dbias))) {
            return;
        }
        if (biasScratch.length < grad.cols()) {
            biasScratch = new double[grad.cols()];
        }
        float[] db = in(dbias, 1);
        CpuKernels.biasGradient(in(grad, 0), grad.rows(), grad.cols(), beta, db, biasScratch);
        back(db, dbias);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, float p, long seed, Counter counter) {
        CpuCounter k = c(counter);
        Shapes.same("dropout", x, mask);
        Shapes.probability(p);
        if (deferred(() -> dropout(x, mask, p, seed, k))) {
            return;
        }
        dropout(x, mask, p, seed, k.value);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, float p, long seed, long counter) {
        Shapes.same("dropout", x, mask);
        Shapes.probability(p);
        if (deferred(() -> dropout(x, mask, p, seed, counter))) {
            return;
        }
        float[] a = in(x, 0);
        float[] m = empty(1, x.size());
        int pairs = (x.size() + 1) / 2; // split on even elements: each hash feeds two
        parallel.forRange(pairs, 4096, (from, to, worker) ->
                CpuKernels.dropout(a, m, 2 * from, Math.min(x.size(), 2 * to), p, seed, counter));
        back(a, x);
        back(m, mask);
    }

    @Override
    public void multiply(Tensor x, Tensor y) {
        Shapes.same("multiply", x, y);
        if (deferred(() -> multiply(x, y))) {
            return;
        }
        float[] a = in(x, 0);
        float[] b = in(y, 1);
        for (int i = 0, n = x.size(); i < n; i++) {
            a[i] *= b[i];
        }
        back(a, x);
    }

    private static void addTo(Tensor acc, int slot, double value) {
        FloatBuffer b = t(acc).buf;
        b.put(slot, (float) (b.get(slot) + value));
    }

    @Override
    public void lossAndGradient(LossKind kind, Tensor pred, Tensor target, float gradScale, Tensor grad,
            Tensor accumulator, StepIndex slot) {
        Shapes.same("lossAndGradient(" + kind + ")", pred, target);
        Shapes.same("lossAndGradient(" + kind + ")", pred, grad);
        if (deferred(() -> lossAndGradient(kind, pred, target, gradScale, grad, accumulator, slot))) {
            return;
        }
        float[] g = empty(2, grad.size());
        addTo(accumulator, at(slot), CpuKernels.loss(kind, in(pred, 0), in(target, 1), pred.rows(), pred.cols(),
                gradScale, g));
        back(g, grad);
    }

    @Override
    public void loss(LossKind kind, Tensor pred, Tensor target, Tensor accumulator, int slot) {
        Shapes.same("loss(" + kind + ")", pred, target);
        if (deferred(() -> loss(kind, pred, target, accumulator, slot))) {
            return;
        }
        addTo(accumulator, slot, CpuKernels.loss(kind, in(pred, 0), in(target, 1), pred.rows(), pred.cols(),
                1f, null));
    }

    @Override
    public void countCorrect(Tensor pred, Tensor target, int k, Tensor counters, int slot) {
        Shapes.same("countCorrect", pred, target);
        if (deferred(() -> countCorrect(pred, target, k, counters, slot))) {
            return;
        }
        scratch2[0] = 0;
        scratch2[1] = 0;
        CpuKernels.countCorrect(in(pred, 0), in(target, 1), pred.rows(), pred.cols(), k, scratch2);
        addTo(counters, slot, scratch2[0]);
        addTo(counters, slot + 1, scratch2[1]);
    }

    @Override
    public void countNonFinite(Tensor x, Tensor counters, int slot) {
        if (deferred(() -> countNonFinite(x, counters, slot))) {
            return;
        }
        FloatBuffer b = t(x).buf;
        int bad = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            bad += Float.isFinite(b.get(i)) ? 0 : 1;
        }
        addTo(counters, slot, bad);
    }

    @Override
    public AdamState allocateAdamState(int size) {
        live("allocateAdamState");
        return new CpuAdamState(size);
    }

    @Override
    public void download(AdamState state, float[] m, float[] v) {
        live("download");
        CpuAdamState st = (CpuAdamState) state;
        Shapes.adamState(st.size(), m.length, v.length);
        for (int c = 0; c < st.chunks(); c++) {
            System.arraycopy(st.m[c], 0, m, c * CpuAdamState.CHUNK, st.m[c].length);
            System.arraycopy(st.v[c], 0, v, c * CpuAdamState.CHUNK, st.v[c].length);
        }
    }

    @Override
    public void upload(float[] m, float[] v, AdamState state) {
        live("upload");
        CpuAdamState st = (CpuAdamState) state;
        Shapes.adamState(st.size(), m.length, v.length);
        for (int c = 0; c < st.chunks(); c++) {
            System.arraycopy(m, c * CpuAdamState.CHUNK, st.m[c], 0, st.m[c].length);
            System.arraycopy(v, c * CpuAdamState.CHUNK, st.v[c], 0, st.v[c].length);
        }
    }

    @Override
    public void reset(AdamState state) {
        CpuAdamState st = (CpuAdamState) state;
        if (deferred(() -> reset(st))) {
            return;
        }
        st.steps.value = 0;
        for (int c = 0; c < st.chunks(); c++) {
            Arrays.fill(st.m[c], 0f);
            Arrays.fill(st.v[c], 0f);
        }
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, AdamState state, AdamConfig config) {
        Shapes.same("adamStep", params, grads);
        CpuAdamState st = (CpuAdamState) state;
        if (st.size() != params.size()) {
            throw new BackendException("adamStep: moments for " + st.size() + " parameters, found " + params.shape());
        }
        if (deferred(() -> adamStep(params, grads, st, config))) {
            return;
        }
        long next = ++st.steps.value;
        if (next > Integer.MAX_VALUE) {
            throw new BackendException("adamStep: more than " + Integer.MAX_VALUE + " steps");
        }
        int step = (int) next;
        FloatBuffer p = t(params).buf;
        FloatBuffer g = t(grads).buf;
        // each worker streams its range through two cache-sized heap chunks, where the update vectorises
        parallel.forRange(st.chunks(), 2, (from, to, worker) -> {
            float[] pc = workerScratch[worker][0];
            float[] gc = workerScratch[worker][1];
            for (int c = from; c < to; c++) {
                int offset = c * CpuAdamState.CHUNK;
                int len = st.m[c].length;
                p.get(offset, pc, 0, len);
                g.get(offset, gc, 0, len);
                CpuKernels.adam(pc, gc, st.m[c], st.v[c], len, config, step);
                p.put(offset, pc, 0, len);
            }
        });
    }

    @Override
    public CapturedStep capture(String what, Runnable body) {
        live("capture");
        if (!graphs) {
            return CapturedStep.eager(body);
        }
        CpuRecording r = new CpuRecording(what, () -> replays++);
        recording = r;
        try {
            body.run();
        } finally {
            recording = null;
        }
        return r;
    }

    /** How many recorded steps have been replayed (0 when running eagerly): for tests and benchmarks. */
    public long replays() {
        return replays;
    }

    /** Direct buffers are reclaimed by the garbage collector once unreachable: nothing to free here. */
    @Override
    public MemoryScope openScope() {
        live("openScope");
        return () -> { };
    }

    @Override
    public void close() {
        parallel.close(); // direct buffers are freed by the garbage collector once unreachable
    }
}
