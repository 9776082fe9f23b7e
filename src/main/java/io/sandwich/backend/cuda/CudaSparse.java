package io.sandwich.backend.cuda;

import io.sandwich.SandwichException;
import io.sandwich.backend.BackendException;
import java.util.function.Consumer;
import jcuda.Pointer;
import jcuda.Sizeof;
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
 * gradient {@code dW = G^T S}. Each call keeps its two dense operands B and C in one order (cuSPARSE's support for a
 * row-major B with a column-major C, or the reverse, is not relied on). The forward pass takes W row-major with
 * {@code opB} transposed and C row-major: the combination PyTorch passes for a sparse CSR times a dense matrix whose
 * order differs from the result's ({@code spmm()} in PyTorch's
 * {@code aten/src/ATen/native/sparse/cuda/SparseBlasImpl.cpp}: opA never transposed, B handed over in C's order with
 * opB transposed). The gradient is computed as {@code dW^T = S^T G} into column-major {@code dW^T}, which is row-major
 * {@code dW}, from G transposed first (by a kernel) into a column-major copy, with opA transposed: cuSPARSE's guide
 * ("cusparseSpMM()") allows op(A) to be A, A^T or A^H and warns that a transposed A may give slightly different
 * results from run to run; PyTorch instead converts such an operand (a CSC, the transpose of a CSR) to CSR first
 * ({@code addmm_out_sparse_csr}, same file). Both combinations are asked of cuSPARSE when the backend opens
 * ({@link #refusal()}). A batch's non-zero count is known on the host ({@link CudaSparseBatch#nnz()}), so nothing is
 * read back and the calls can be captured in a graph. The workspace and the copy of G grow as needed, outside a
 * capture (a step runs eagerly before it is captured), and are kept.
 */
final class CudaSparse implements AutoCloseable {
    private static final int BLOCK = 256;

    private final cusparseHandle handle = new cusparseHandle();
    private final CudaKernels kernels;
    private final DeviceMemory memory;
    private final GrownBuffer workspace;
    private final GrownBuffer gradientCopy;
    private final String refusal;
    private final CUstream stream;

    /**
     * Queues on {@code stream}, allocates from {@code memory}; {@code live} refuses, with a sentence, an operation
     * named to it while a step is being captured; with {@code probe}, checks that this cuSPARSE takes the SpMM
     * input path's operand combinations ({@link #refusal()}).
     */
    CudaSparse(CUstream stream, DeviceMemory memory, CudaKernels kernels, Consumer<String> live, boolean probe) {
        this.kernels = kernels;
        this.memory = memory;
        this.stream = stream;
        this.workspace = new GrownBuffer(memory, live, "the SpMM workspace");
        this.gradientCopy = new GrownBuffer(memory, live, "the SpMM copy of the gradient");
        try {
            JCusparse.cusparseCreate(handle);
            JCusparse.cusparseSetStream(handle, new cudaStream_t(stream));
        } catch (RuntimeException e) {
            throw new CudaBackendException("creating the cuSPARSE handle", e);
        }
        this.refusal = probe ? probeBoth() : null;
    }

    private cusparseSpMatDescr csr(CudaSparseBatch b) {
        cusparseSpMatDescr a = new cusparseSpMatDescr();
        JCusparse.cusparseCreateCsr(a, b.rows(), b.cols(), b.nnz(), b.rowPtr, b.colIdx, b.values,
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
            CUdeviceptr buffer = workspace.atLeast(Math.max(1, size[0]), what);
            JCusparse.cusparseSpMM(handle, opA, opB, one, a.asConst(), b.asConst(), betaP, c,
                    cudaDataType.CUDA_R_32F, cusparseSpMMAlg.CUSPARSE_SPMM_ALG_DEFAULT, buffer);
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

    /** {@code C[rows, out] = S[rows, in] W^T + beta C}, W row-major [out, in]: B and C both row-major. */
    void timesWeightT(CudaSparseBatch s, CUdeviceptr w, int out, int in, float beta, CUdeviceptr c) {
        spmm(cusparseOperation.CUSPARSE_OPERATION_NON_TRANSPOSE, cusparseOperation.CUSPARSE_OPERATION_TRANSPOSE,
                csr(s), dense(out, in, in, w, cusparseOrder.CUSPARSE_ORDER_ROW), beta,
                dense(s.rows(), out, out, c, cusparseOrder.CUSPARSE_ORDER_ROW),
                "sparse [" + s.rows() + ", " + in + "] x W^T [" + in + ", " + out + "]");
    }

    /**
     * {@code dW[out, in] = G^T S + beta dW}, G row-major [rows, out]: {@code dW^T = S^T G} with G and {@code dW^T}
     * both column-major, G's column-major copy made by the {@code transpose} kernel.
     */
    void gradTTimes(CUdeviceptr g, int out, CudaSparseBatch s, float beta, CUdeviceptr dw) {
        String what = "S^T [" + s.cols() + ", " + s.rows() + "] x G [" + s.rows() + ", " + out + "]";
        long elements = (long) s.rows() * out;
        CUdeviceptr gc = gradientCopy.atLeast(Math.max(1, elements) * Sizeof.FLOAT, what);
        kernels.launch("transpose", "G of " + what + " to column-major", CudaKernels.blocks(elements, BLOCK), BLOCK,
                g, gc, s.rows(), out);
        spmm(cusparseOperation.CUSPARSE_OPERATION_TRANSPOSE, cusparseOperation.CUSPARSE_OPERATION_NON_TRANSPOSE,
                csr(s), dense(s.rows(), out, Math.max(1, s.rows()), gc, cusparseOrder.CUSPARSE_ORDER_COL), beta,
                dense(s.cols(), out, s.cols(), dw, cusparseOrder.CUSPARSE_ORDER_COL), what);
    }

    /**
     * A sentence saying that cuSPARSE here refuses one of the two operand combinations the SpMM input path uses, and
     * that the dense GEMM takes its place, or null when it takes both: the forward product (op(A) = A in CSR,
     * op(B) = B^T with B row-major, C row-major) and the weight gradient (op(A) = A^T, op(B) = B with B and C
     * column-major). cuSPARSE's guide lets op(A) and op(B) each be transposed and B and C be row- or column-major,
     * with restrictions that depend on the algorithm and the release, and an unsupported case ends in
     * CUSPARSE_STATUS_NOT_SUPPORTED; so instead of trusting one release's table the backend asks this one for both
     * workspaces on a 2 x 3 matrix when it opens, and runs both products. Always null when the backend was not
     * asked for SpMM.
     */
    String refusal() {
        return refusal;
    }

    private String probeBoth() {
        String what = "the SpMM probe";
        // [[1, 0, 0], [0, 0, 2]]: a valid 2 x 3 matrix, so that the products really run
        CUdeviceptr rowPtr = memory.upload(new int[] {0, 1, 2}, what);
        CUdeviceptr colIdx = memory.upload(new int[] {0, 2}, what);
        CUdeviceptr values = memory.upload(new float[] {1f, 2f}, what);
        CUdeviceptr b = memory.upload(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, what);
        CUdeviceptr c = memory.upload(new float[6], what);
        int noTrans = cusparseOperation.CUSPARSE_OPERATION_NON_TRANSPOSE;
        int trans = cusparseOperation.CUSPARSE_OPERATION_TRANSPOSE;
        int row = cusparseOrder.CUSPARSE_ORDER_ROW;
        int col = cusparseOrder.CUSPARSE_ORDER_COL;
        String forward = probe("S W^T with W row-major", noTrans, trans, rowPtr, colIdx, values,
                dense(2, 3, 3, b, row), dense(2, 2, 2, c, row));
        String refused = forward != null ? forward : probe("S^T G with G column-major", trans, noTrans, rowPtr, colIdx,
                values, dense(2, 2, 2, b, col), dense(3, 2, 3, c, col));
        return refused == null ? null : SandwichException.setting("spmm") + ": cuSPARSE "
                + CudaRuntime.reported(this::version) + " refuses " + refused + "; the sparse App input goes through"
                + " the dense GEMM instead";
    }

    private String probe(String product, int opA, int opB, CUdeviceptr rowPtr, CUdeviceptr colIdx, CUdeviceptr values,
            cusparseDnMatDescr b, cusparseDnMatDescr c) {
        cusparseSpMatDescr a = new cusparseSpMatDescr();
        try {
            JCusparse.cusparseCreateCsr(a, 2, 3, 2, rowPtr, colIdx, values, cusparseIndexType.CUSPARSE_INDEX_32I,
                    cusparseIndexType.CUSPARSE_INDEX_32I, cusparseIndexBase.CUSPARSE_INDEX_BASE_ZERO,
                    cudaDataType.CUDA_R_32F);
            Pointer one = Pointer.to(new float[] {1f});
            Pointer zero = Pointer.to(new float[] {0f});
            long[] size = new long[1];
            JCusparse.cusparseSpMM_bufferSize(handle, opA, opB, one, a.asConst(), b.asConst(), zero, c,
                    cudaDataType.CUDA_R_32F, cusparseSpMMAlg.CUSPARSE_SPMM_ALG_DEFAULT, size);
            // the product itself too: a release may take the sizes and refuse only here
            JCusparse.cusparseSpMM(handle, opA, opB, one, a.asConst(), b.asConst(), zero, c,
                    cudaDataType.CUDA_R_32F, cusparseSpMMAlg.CUSPARSE_SPMM_ALG_DEFAULT,
                    workspace.atLeast(Math.max(1, size[0]), "the SpMM probe"));
            jcuda.driver.JCudaDriver.cuStreamSynchronize(stream);
            return null;
        } catch (RuntimeException e) {
            return product + " (" + e.getMessage() + ")";
        } finally {
            JCusparse.cusparseDestroySpMat(a.asConst());
            JCusparse.cusparseDestroyDnMat(b.asConst());
            JCusparse.cusparseDestroyDnMat(c.asConst());
        }
    }

    /** cuSPARSE's version, as {@code cusparseGetVersion} reports it. */
    int version() {
        int[] v = new int[1];
        JCusparse.cusparseGetVersion(handle, v);
        return v[0];
    }

    /** Forgets the buffers that a scope opened at {@code mark} is about to free. */
    void forgetBuffersAbove(int mark) {
        workspace.forgetAbove(mark);
        gradientCopy.forgetAbove(mark);
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
