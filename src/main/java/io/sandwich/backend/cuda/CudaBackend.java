package io.sandwich.backend.cuda;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.AdamState;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.Device;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.Shapes;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Tensor;
import io.sandwich.data.CsrMatrix;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/**
 * The GPU implementation of {@link Backend}: cuBLAS SGEMM (FP32, or TF32 tensor cores when asked), cuSPARSE SpMM
 * for sparse inputs ({@link CudaSparse}), and the project's kernels, all queued on one non-blocking stream.
 *
 * <p>The host waits for the GPU only in {@link #download} and before it overwrites device memory that queued
 * work may still read ({@link #upload(int[], IndexBuffer)}, once per epoch). Closing frees every allocation.
 */
public final class CudaBackend implements Backend {
    private static final int BLOCK = 256;

    private final Device device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final cublasHandle cublas = new cublasHandle();
    private final DeviceMemory memory = new DeviceMemory();
    private final CudaKernels kernels;
    private final CudaSparse sparse;
    private final boolean useSpmm;
    private boolean closed;

    /**
     * Opens GPU {@code ordinal}; {@code tf32} lets cuBLAS use TF32 tensor cores, {@code useSpmm} makes sparse
     * inputs go through cuSPARSE SpMM instead of a dense GEMM.
     */
    public CudaBackend(int ordinal, boolean tf32, boolean useSpmm) {
        CudaRuntime.unavailableReason().ifPresent(reason -> {
            throw new BackendException("no GPU backend: " + reason);
        });
        this.device = Device.gpu(ordinal);
        this.useSpmm = useSpmm;
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
        this.sparse = new CudaSparse(stream, memory);
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

    private void sync(String what) {
        try {
            JCudaDriver.cuStreamSynchronize(stream);
        } catch (RuntimeException e) {
            throw new CudaBackendException(what, e);
        }
    }

    @Override
    public Tensor allocate(int rows, int cols) {
        return new CudaTensor(memory.floats((long) rows * cols, "a [" + rows + ", " + cols + "] tensor"), rows, cols);
    }

    @Override
    public Tensor view(Tensor base, int offset, int rows, int cols) {
        Shapes.view(base, offset, rows, cols);
        return new CudaTensor(t(base).ptr.withByteOffset((long) offset * Sizeof.FLOAT), rows, cols);
    }

    @Override
    public void upload(float[] src, Tensor dst) {
        Shapes.upload(src.length, dst);
        sync("waiting before an upload to " + dst.shape());
        JCudaDriver.cuMemcpyHtoD(t(dst).ptr, Pointer.to(src), (long) src.length * Sizeof.FLOAT);
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
        String what = "a " + m.rows() + "x" + m.cols() + " data matrix";
        return new CudaMatrix(memory.upload(m.rowPtr(), what), memory.upload(m.colIdx(), what),
                memory.upload(m.values(), what), m.rows(), m.cols(), m.nnz(), m.maxRowNnz());
    }

    @Override
    public IndexBuffer allocateIndices(int length) {
        return new CudaIndexBuffer(memory.ints(length, length + " indices"), length);
    }

    @Override
    public void upload(int[] src, IndexBuffer dst) {
        CudaIndexBuffer d = (CudaIndexBuffer) dst;
        if (src.length != d.length()) {
            throw new BackendException("upload: expected " + d.length() + " indices, found " + src.length);
        }
        sync("waiting before an index upload");
        JCudaDriver.cuMemcpyHtoD(d.ptr, Pointer.to(src), (long) src.length * Sizeof.INT);
    }

    /**
     * Off unless asked for ({@code --spmm}): on the 52-wide App input the dense GEMM path is expected to win, and
     * the SpMM path reads each batch's non-zero count back to the host (one small copy per step).
     */
    @Override
    public boolean sparseInputPays(DeviceMatrix m) {
        return useSpmm;
    }

    @Override
    public SparseBatch allocateSparseBatch(DeviceMatrix m, int maxRows) {
        int maxNnz = Math.max(1, maxRows * m.maxRowNnz());
        String what = "a sparse batch of " + maxRows + " rows";
        return new CudaSparseBatch(memory.ints(maxRows + 1L, what), memory.ints(maxNnz, what),
                memory.floats(maxNnz, what), m.cols(), maxRows, maxNnz);
    }

    @Override
    public void gatherSparse(DeviceMatrix src, IndexBuffer order, int start, int count, SparseBatch dst) {
        CudaMatrix m = (CudaMatrix) src;
        CudaSparseBatch b = (CudaSparseBatch) dst;
        if (count > b.maxRows || start < 0 || start + count > order.length() || b.cols != m.cols) {
            throw new BackendException("gatherSparse: rows " + start + ".." + (start + count) + " of "
                    + order.length() + " into a batch of " + b.maxRows + " rows");
        }
        CUdeviceptr ord = ((CudaIndexBuffer) order).ptr;
        kernels.launch("gather_csr_pointers", "batch pointers", 1, 1, m.rowPtr, ord, start, count, b.rowPtr);
        kernels.launch("gather_csr_entries", "batch entries", count, 32, m.rowPtr, m.colIdx, m.values, ord, start,
                count, b.rowPtr, b.colIdx, b.values);
        b.rows = count;
    }

    @Override
    public void gatherDense(DeviceMatrix src, IndexBuffer order, int start, Tensor dst) {
        CudaMatrix m = (CudaMatrix) src;
        if (dst.cols() != m.cols || start < 0 || start + dst.rows() > order.length()) {
            throw new BackendException("gatherDense: rows " + start + ".." + (start + dst.rows()) + " of width "
                    + m.cols + " into " + dst.shape());
        }
        kernels.launch("gather_dense", "gather into " + dst.shape(), dst.rows(), 64, m.rowPtr, m.colIdx, m.values,
                ((CudaIndexBuffer) order).ptr, start, t(dst).ptr, dst.rows(), dst.cols());
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
        Shapes.same("dropout", x, mask);
        Shapes.probability(p);
        kernels.launch("dropout", x.shape(), CudaKernels.blocks((x.size() + 1L) / 2, BLOCK), BLOCK, t(x).ptr,
                t(mask).ptr, x.size(), p, seed, counter);
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
            Tensor accumulator, int slot) {
        Shapes.same("lossAndGradient(" + kind + ")", pred, target);
        Shapes.same("lossAndGradient(" + kind + ")", pred, grad);
        kernels.launch("loss_grad", kind + " on " + pred.shape(), pred.rows(), BLOCK, lossCode(kind), t(pred).ptr,
                t(target).ptr, t(grad).ptr, t(accumulator).ptr, slot, pred.rows(), pred.cols(), gradScale);
    }

    @Override
    public void loss(LossKind kind, Tensor pred, Tensor target, Tensor accumulator, int slot) {
        Shapes.same("loss(" + kind + ")", pred, target);
        kernels.launch("loss_grad", kind + " on " + pred.shape(), pred.rows(), BLOCK, lossCode(kind), t(pred).ptr,
                t(target).ptr, null, t(accumulator).ptr, slot, pred.rows(), pred.cols(), 1f);
    }

    @Override
    public void countCorrect(Tensor pred, Tensor target, int k, Tensor counters, int slot) {
        Shapes.same("countCorrect", pred, target);
        kernels.launch("count_correct", pred.shape(), CudaKernels.blocks(pred.rows(), 128), 128, t(pred).ptr,
                t(target).ptr, pred.rows(), pred.cols(), k, t(counters).ptr, slot);
    }

    @Override
    public AdamState allocateAdamState(int size) {
        return new CudaAdamState(memory.floats(size, "Adam moments"), memory.floats(size, "Adam moments"), size);
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
        sync("waiting before an upload of Adam moments");
        JCudaDriver.cuMemcpyHtoD(s.m, Pointer.to(m), (long) s.size() * Sizeof.FLOAT);
        JCudaDriver.cuMemcpyHtoD(s.v, Pointer.to(v), (long) s.size() * Sizeof.FLOAT);
    }

    @Override
    public void reset(AdamState state) {
        CudaAdamState s = (CudaAdamState) state;
        for (CUdeviceptr p : new CUdeviceptr[] {s.m, s.v}) {
            kernels.launch("fill", "Adam reset", CudaKernels.blocks(s.size(), BLOCK), BLOCK, p, 0f, s.size());
        }
    }

    @Override
    public void adamStep(Tensor params, Tensor grads, AdamState state, AdamConfig cfg, int step) {
        Shapes.same("adamStep", params, grads);
        CudaAdamState s = (CudaAdamState) state;
        if (s.size() != params.size() || step < 1) {
            throw new BackendException("adamStep: moments for " + s.size() + " parameters at step " + step
                    + ", found " + params.shape());
        }
        float stepSize = (float) (cfg.lr() / (1.0 - Math.pow(cfg.beta1(), step)));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(cfg.beta2(), step));
        kernels.launch("adam", params.size() + " parameters", CudaKernels.blocks(params.size(), BLOCK), BLOCK,
                t(params).ptr, t(grads).ptr, s.m, s.v, params.size(), stepSize, bc2Sqrt, cfg.beta1(), cfg.beta2(),
                cfg.eps(), cfg.weightDecay());
    }

    /**
     * Frees the scope's device memory once the queued work is done. The SpMM workspace, when it first grew
     * inside a scope, is freed with it and allocated again on next use.
     */
    @Override
    public MemoryScope openScope() {
        int mark = memory.mark();
        return () -> {
            sync("the work queued before freeing a scope");
            sparse.forgetWorkspaceAbove(mark);
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
