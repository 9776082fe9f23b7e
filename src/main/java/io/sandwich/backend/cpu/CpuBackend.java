package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.Device;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Tensor;
import io.sandwich.data.CsrMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas;

/**
 * The CPU implementation of {@link Backend}: OpenBLAS SGEMM for dense products (transposes passed to BLAS, never
 * materialised), hand-written loops over CSR for the sparse input layer, fused loops for the rest.
 *
 * <p>Not thread-safe: one training run uses one backend from one thread (OpenBLAS threads internally).
 */
public final class CpuBackend implements Backend {
    private static final int ROW_MAJOR = openblas.CblasRowMajor;
    private static final int NO_TRANS = openblas.CblasNoTrans;
    private static final int TRANS = openblas.CblasTrans;

    private final double[] scratch2 = new double[2];
    private double[] biasScratch = new double[0];
    private float[] weightScratch = new float[0];
    private boolean closed;

    /** A CPU backend whose BLAS uses {@code threads} threads (0 or less: all available processors). */
    public CpuBackend(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try {
            openblas.blas_set_num_threads(n);
        } catch (UnsatisfiedLinkError e) {
            throw new BackendException("could not load OpenBLAS from the org.bytedeco:openblas artifact for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"), e);
        }
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    private static CpuTensor t(Tensor x) {
        if (x instanceof CpuTensor c) {
            return c;
        }
        throw new BackendException("expected a CPU tensor, found " + x);
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new BackendException(op + ": expected equal shapes, found " + a.shape() + " and " + b.shape());
        }
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE / 4) {
            throw new BackendException("allocate: cannot hold a [" + rows + ", " + cols + "] float tensor");
        }
        FloatBuffer buf = ByteBuffer.allocateDirect(rows * cols * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new CpuTensor(buf, rows, cols);
    }

    @Override
    public Tensor view(Tensor base, int offset, int rows, int cols) {
        CpuTensor b = t(base);
        if (offset < 0 || rows < 0 || cols < 0 || (long) offset + (long) rows * cols > b.size()) {
            throw new BackendException("view: [" + rows + ", " + cols + "] at " + offset + " does not fit in "
                    + base.shape());
        }
        return new CpuTensor(b.buf.slice(offset, rows * cols), rows, cols);
    }

    @Override
    public void upload(float[] src, Tensor dst) {
        if (src.length != dst.size()) {
            throw new BackendException("upload: expected " + dst.size() + " values for " + dst.shape() + ", found "
                    + src.length);
        }
        t(dst).buf.put(0, src);
    }

    @Override
    public void download(Tensor src, float[] dst) {
        if (dst.length < src.size()) {
            throw new BackendException("download: " + src.shape() + " needs " + src.size() + " floats, found "
                    + dst.length);
        }
        t(src).buf.get(0, dst, 0, src.size());
    }

    @Override
    public void fill(Tensor x, float value) {
        FloatBuffer b = t(x).buf;
        for (int i = 0, n = x.size(); i < n; i++) {
            b.put(i, value);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        sameShape("copy", src, dst);
        t(dst).buf.put(0, t(src).buf, 0, src.size());
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        sameShape("axpy", x, y);
        openblas.cblas_saxpy(x.size(), alpha, t(x).buf, 1, t(y).buf, 1);
    }

    @Override
    public DeviceMatrix uploadMatrix(CsrMatrix m) {
        return new CpuMatrix(m);
    }

    @Override
    public IndexBuffer allocateIndices(int length) {
        return new CpuIndexBuffer(length);
    }

    @Override
    public void upload(int[] src, IndexBuffer dst) {
        CpuIndexBuffer d = (CpuIndexBuffer) dst;
        if (src.length != d.idx.length) {
            throw new BackendException("upload: expected " + d.idx.length + " indices, found " + src.length);
        }
        System.arraycopy(src, 0, d.idx, 0, src.length);
    }

    @Override
    public SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows) {
        return new CpuSparseBatch(maxRows, m.cols(), Math.max(1, maxRows * m.maxRowNnz()));
    }

    @Override
    public void gatherSparse(DeviceMatrix src, IndexBuffer order, int start, int count, SparseBatch dst) {
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
    public void gatherDense(DeviceMatrix src, IndexBuffer order, int start, Tensor dst) {
        CsrMatrix m = ((CpuMatrix) src).csr;
        int[] idx = ((CpuIndexBuffer) order).idx;
        if (dst.cols() != m.cols() || start < 0 || start + dst.rows() > idx.length) {
            throw new BackendException("gatherDense: rows " + start + ".." + (start + dst.rows()) + " of width "
                    + m.cols() + " into " + dst.shape());
        }
        FloatBuffer b = t(dst).buf;
        int cols = m.cols();
        int[] ptr = m.rowPtr();
        for (int i = 0; i < dst.rows(); i++) {
            int r = idx[start + i];
            int base = i * cols;
            for (int c = 0; c < cols; c++) {
                b.put(base + c, 0f);
            }
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                b.put(base + m.colIdx()[k], m.values()[k]);
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new BackendException("gemm: op(a)" + (transA ? "^T" : "") + " " + a.shape() + " x op(b)"
                    + (transB ? "^T" : "") + " " + b.shape() + " does not give " + c.shape());
        }
        if (m == 0 || n == 0) {
            return;
        }
        openblas.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                t(a).buf, Math.max(1, a.cols()), t(b).buf, Math.max(1, b.cols()), beta, t(c).buf, Math.max(1, n));
    }

    private float[] weights(Tensor w) {
        if (weightScratch.length < w.size()) {
            weightScratch = new float[w.size()];
        }
        t(w).buf.get(0, weightScratch, 0, w.size());
        return weightScratch;
    }

    @Override
    public void sparseTimesWeightT(SparseBatch s, Tensor w, float beta, Tensor c) {
        CpuSparseBatch b = (CpuSparseBatch) s;
        if (w.cols() != b.cols || c.rows() != b.rows || c.cols() != w.rows()) {
            throw new BackendException("sparseTimesWeightT: sparse [" + b.rows + ", " + b.cols + "] x "
                    + w.shape() + "^T does not give " + c.shape());
        }
        float[] wa = weights(w);
        FloatBuffer out = t(c).buf;
        int in = w.cols();
        int outCols = w.rows();
        for (int r = 0; r < b.rows; r++) {
            int from = b.rowPtr[r];
            int to = b.rowPtr[r + 1];
            int base = r * outCols;
            for (int o = 0; o < outCols; o++) {
                int wb = o * in;
                float acc = 0f;
                for (int k = from; k < to; k++) {
                    acc += b.values[k] * wa[wb + b.colIdx[k]];
                }
                out.put(base + o, beta == 0f ? acc : acc + beta * out.get(base + o));
            }
        }
    }

    @Override
    public void gradTTimesSparse(Tensor g, SparseBatch s, float beta, Tensor dw) {
        CpuSparseBatch b = (CpuSparseBatch) s;
        if (g.rows() != b.rows || dw.rows() != g.cols() || dw.cols() != b.cols) {
            throw new BackendException("gradTTimesSparse: " + g.shape() + "^T x sparse [" + b.rows + ", " + b.cols
                    + "] does not give " + dw.shape());
        }
        float[] acc = weights(dw);
        int in = dw.cols();
        if (beta != 1f) {
            for (int i = 0; i < dw.size(); i++) {
                acc[i] *= beta;
            }
        }
        FloatBuffer gb = t(g).buf;
        int outCols = g.cols();
        for (int r = 0; r < b.rows; r++) {
            int gBase = r * outCols;
            for (int k = b.rowPtr[r]; k < b.rowPtr[r + 1]; k++) {
                int j = b.colIdx[k];
                float v = b.values[k];
                for (int o = 0; o < outCols; o++) {
                    acc[o * in + j] += gb.get(gBase + o) * v;
                }
            }
        }
        t(dw).buf.put(0, acc, 0, dw.size());
    }

    @Override
    public void addBias(Tensor z, Tensor bias, boolean relu) {
        if (bias.size() != z.cols()) {
            throw new BackendException("addBias: bias " + bias.shape() + " for " + z.shape());
        }
        CpuKernels.addBias(t(z).buf, z.rows(), z.cols(), t(bias).buf, relu);
    }

    @Override
    public void reluBackward(Tensor grad, Tensor out) {
        sameShape("reluBackward", grad, out);
        CpuKernels.reluBackward(t(grad).buf, t(out).buf, grad.size());
    }

    @Override
    public void biasGradient(Tensor grad, float beta, Tensor dbias) {
        if (dbias.size() != grad.cols()) {
            throw new BackendException("biasGradient: " + dbias.shape() + " for " + grad.shape());
        }
        if (biasScratch.length < grad.cols()) {
            biasScratch = new double[grad.cols()];
        }
        CpuKernels.biasGradient(t(grad).buf, grad.rows(), grad.cols(), beta, t(dbias).buf, biasScratch);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, float p, long seed, long counter) {
        sameShape("dropout", x, mask);
        if (!(p >= 0f && p < 1f)) {
            throw new BackendException("dropout: expected a probability in [0, 1), found " + p);
        }
        CpuKernels.dropout(t(x).buf, t(mask).buf, x.size(), p, seed, counter);
    }

    @Override
    public void multiply(Tensor x, Tensor y) {
        sameShape("multiply", x, y);
        FloatBuffer a = t(x).buf;
        FloatBuffer b = t(y).buf;
        for (int i = 0, n = x.size(); i < n; i++) {
            a.put(i, a.get(i) * b.get(i));
        }
    }

    private static void addTo(Tensor acc, int slot, double value) {
        FloatBuffer b = t(acc).buf;
        b.put(slot, (float) (b.get(slot) + value));
    }

    @Override
    public void lossAndGradient(LossKind kind, Tensor pred, Tensor target, float gradScale, Tensor grad,
            Tensor accumulator, int slot) {
        sameShape("lossAndGradient(" + kind + ")", pred, target);
        sameShape("lossAndGradient(" + kind + ")", pred, grad);
        addTo(accumulator, slot, CpuKernels.loss(kind, t(pred).buf, t(target).buf, pred.rows(), pred.cols(),
                gradScale, t(grad).buf));
    }

    @Override
    public void loss(LossKind kind, Tensor pred, Tensor target, Tensor accumulator, int slot) {
        sameShape("loss(" + kind + ")", pred, target);
        addTo(accumulator, slot, CpuKernels.loss(kind, t(pred).buf, t(target).buf, pred.rows(), pred.cols(),
                1f, null));
    }

    @Override
    public void countCorrect(Tensor pred, Tensor target, int k, Tensor counters, int slot) {
        sameShape("countCorrect", pred, target);
        scratch2[0] = 0;
        scratch2[1] = 0;
        CpuKernels.countCorrect(t(pred).buf, t(target).buf, pred.rows(), pred.cols(), k, scratch2);
        addTo(counters, slot, scratch2[0]);
        addTo(counters, slot + 1, scratch2[1]);
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, AdamConfig config, int step) {
        sameShape("adamStep", params, grads);
        sameShape("adamStep", params, m);
        sameShape("adamStep", params, v);
        if (step < 1) {
            throw new BackendException("adamStep: expected step >= 1, found " + step);
        }
        CpuKernels.adam(t(params).buf, t(grads).buf, t(m).buf, t(v).buf, 0, params.size(), config, step);
    }

    @Override
    public void close() {
        closed = true; // direct buffers are freed by the garbage collector once unreachable
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }
}
