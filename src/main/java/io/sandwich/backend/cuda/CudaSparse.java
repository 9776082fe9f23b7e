package io.sandwich.backend.cuda;

import io.sandwich.backend.BackendException;
import java.util.function.Consumer;
import jcuda.Pointer;
import jcuda.cudaDataType;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.jcusparse.JCusparse;
import jcuda.jcusparse.cusparseDnMatDescr;
import jcuda.jcusparse.cusparseHandle;
import jcuda.jcusparse.cusparseIndexBase;
import jcuda.jcusparse.cusparseIndexType;
import jcuda.jcusparse.cusparseOperation;
import jcuda.jcusparse.cusparseOrder;
import jcuda.jcusparse.cusparseSpMMAlg;
import jcuda.jcusparse.cusparseSpMatDescr;
import jcuda.runtime.cudaStream_t;

/**
 * The sparse input layer through cuSPARSE's generic SpMM on CSR batches: forward {@code C = S W^T} and weight
 * gradient {@code dW = G^T S}, computed as {@code dW^T = S^T G} into column-major {@code dW^T}, which is
 * row-major {@code dW}. A batch's non-zero count is known on the host ({@link CudaSparseBatch#nnz()}), so nothing
 * is read back and the calls can be captured in a graph. Its workspace grows as needed, outside a capture (a step
 * runs eagerly before it is captured), and is kept.
 */
final class CudaSparse implements AutoCloseable {
    private final cusparseHandle handle = new cusparseHandle();
    private final DeviceMemory memory;
    private CUdeviceptr workspace;
    private long workspaceBytes;
    private int workspaceMark = -1;
    private final Consumer<String> live;

    /** {@code live} refuses, with a sentence, an operation named to it while a step is being captured. */
    CudaSparse(CUstream stream, DeviceMemory memory, Consumer<String> live) {
        this.memory = memory;
        this.live = live;
        try {
            JCusparse.cusparseCreate(handle);
            JCusparse.cusparseSetStream(handle, new cudaStream_t(stream));
        } catch (RuntimeException e) {
            throw new CudaBackendException("creating the cuSPARSE handle", e);
        }
    }

    private cusparseSpMatDescr csr(CudaSparseBatch b) {
        cusparseSpMatDescr a = new cusparseSpMatDescr();
        JCusparse.cusparseCreateCsr(a, b.rows, b.cols, b.nnz(), b.rowPtr, b.colIdx, b.values,
                cusparseIndexType.CUSPARSE_INDEX_32I, cusparseIndexType.CUSPARSE_INDEX_32I,
                cusparseIndexBase.CUSPARSE_INDEX_BASE_ZERO, cudaDataType.CUDA_R_32F);
        return a;
    }

    private static cusparseDnMatDescr dense(long rows, long cols, long ld, CUdeviceptr p, int order) {
        cusparseDnMatDescr d = new cusparseDnMatDescr();
        JCusparse.cusparseCreateDnMat(d, rows, cols, ld, p, cudaDataType.CUDA_R_32F, order);
        return d;
    }

    private void spmm(int opA, int opB, cusparseSpMatDescr a, cusparseDnMatDescr b, float beta,
            cusparseDnMatDescr c, String what) {
        Pointer one = Pointer.to(new float[] {1f});
        Pointer betaP = Pointer.to(new float[] {beta});
        try {
            long[] size = new long[1];
            JCusparse.cusparseSpMM_bufferSize(handle, opA, opB, one, a.asConst(), b.asConst(), betaP, c,
                    cudaDataType.CUDA_R_32F, cusparseSpMMAlg.CUSPARSE_SPMM_ALG_DEFAULT, size);
            if (size[0] > workspaceBytes) {
                live.accept("growing the SpMM workspace of " + what + " from " + workspaceBytes + " to " + size[0]
                        + " bytes");
                workspaceMark = memory.mark();
                workspace = memory.allocate(size[0], 1, "the SpMM workspace");
                workspaceBytes = size[0];
            }
            JCusparse.cusparseSpMM(handle, opA, opB, one, a.asConst(), b.asConst(), betaP, c,
                    cudaDataType.CUDA_R_32F, cusparseSpMMAlg.CUSPARSE_SPMM_ALG_DEFAULT,
                    workspace == null ? new Pointer() : workspace);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CudaBackendException("cusparseSpMM (" + what + ")", e);
        } finally {
            JCusparse.cusparseDestroySpMat(a.asConst());
            JCusparse.cusparseDestroyDnMat(b.asConst());
            JCusparse.cusparseDestroyDnMat(c.asConst());
        }
    }

    /** {@code C[rows, out] = S[rows, in] W^T + beta C}, W row-major [out, in]. */
    void timesWeightT(CudaSparseBatch s, CUdeviceptr w, int out, int in, float beta, CUdeviceptr c) {
        spmm(cusparseOperation.CUSPARSE_OPERATION_NON_TRANSPOSE, cusparseOperation.CUSPARSE_OPERATION_TRANSPOSE,
                csr(s), dense(out, in, in, w, cusparseOrder.CUSPARSE_ORDER_ROW), beta,
                dense(s.rows, out, out, c, cusparseOrder.CUSPARSE_ORDER_ROW),
                "sparse [" + s.rows + ", " + in + "] x W^T [" + in + ", " + out + "]");
    }

    /** {@code dW[out, in] = G^T S + beta dW}, G row-major [rows, out]. */
    void gradTTimes(CUdeviceptr g, int out, CudaSparseBatch s, float beta, CUdeviceptr dw) {
        spmm(cusparseOperation.CUSPARSE_OPERATION_TRANSPOSE, cusparseOperation.CUSPARSE_OPERATION_NON_TRANSPOSE,
                csr(s), dense(s.rows, out, out, g, cusparseOrder.CUSPARSE_ORDER_ROW), beta,
                dense(s.cols, out, s.cols, dw, cusparseOrder.CUSPARSE_ORDER_COL),
                "S^T [" + s.cols + ", " + s.rows + "] x G [" + s.rows + ", " + out + "]");
    }

    /** Forgets the workspace when a scope opened at {@code mark} is about to free it. */
    void forgetWorkspaceAbove(int mark) {
        if (workspace != null && workspaceMark >= mark) {
            workspace = null;
            workspaceBytes = 0;
            workspaceMark = -1;
        }
    }

    @Override
    public void close() {
        try {
            JCusparse.cusparseDestroy(handle);
        } catch (RuntimeException e) {
            // the context is going away anyway
        }
    }
}
