package io.sandwich.backend.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;

/**
 * cuBLAS for the GPU backend: one handle bound to the backend's stream, FP32 or TF32 math, a workspace set once so
 * that captured GEMMs never allocate, and the two products the backend asks of it (SGEMM, SAXPY).
 */
final class CudaBlas {
    /** cuBLAS workspace (NVIDIA's advice for Hopper: 32 MiB). */
    private static final long WORKSPACE = 32L << 20;

    private final cublasHandle handle = new cublasHandle();

    /** Creates the handle on {@code stream}; TF32 tensor cores when {@code tf32}. The library's errors pass through. */
    void create(CUstream stream, boolean tf32) {
        JCublas2.cublasCreate(handle);
        JCublas2.cublasSetStream(handle, new cudaStream_t(stream));
        JCublas2.cublasSetMathMode(handle, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH
                : cublasMath.CUBLAS_DEFAULT_MATH);
    }

    /** Allocates the workspace from {@code memory} and hands it to cuBLAS. */
    void setWorkspace(DeviceMemory memory) {
        CUdeviceptr workspace = memory.allocate(WORKSPACE, 1, "the cuBLAS workspace");
        try {
            JCublas2.cublasSetWorkspace(handle, workspace, WORKSPACE);
        } catch (RuntimeException e) {
            throw new CudaBackendException("cublasSetWorkspace (" + WORKSPACE + " bytes)", e);
        }
    }

    /** cuBLAS's version, as {@code cublasGetVersion} reports it. */
    int version() {
        int[] v = new int[1];
        JCublas2.cublasGetVersion(handle, v);
        return v[0];
    }

    /**
     * Row-major {@code c = alpha op(a) op(b) + beta c} with inner dimension {@code k}. Row-major {@code C = op(A)
     * op(B)} is column-major {@code C^T = op(B)^T op(A)^T}: cuBLAS gets the operands swapped, each with its own
     * transpose flag, and the row lengths as leading dimensions.
     */
    void gemm(boolean transA, boolean transB, float alpha, CudaTensor a, CudaTensor b, float beta, CudaTensor c,
            int k) {
        int m = c.rows();
        int n = c.cols();
        if (m == 0 || n == 0) {
            return;
        }
        try {
            JCublas2.cublasSgemm(handle, transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                    transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N, n, m, k,
                    Pointer.to(new float[] {alpha}), b.ptr(), Math.max(1, b.cols()), a.ptr(), Math.max(1, a.cols()),
                    Pointer.to(new float[] {beta}), c.ptr(), Math.max(1, n));
        } catch (RuntimeException e) {
            throw new CudaBackendException("cublasSgemm " + a.shape() + (transA ? "^T" : "") + " x " + b.shape()
                    + (transB ? "^T" : "") + " -> " + c.shape(), e);
        }
    }

    /**
     * One 1x1 SGEMM and one SAXPY, waited for: cuBLAS loads its kernels on first use, which a stream capture on a
     * driver before 12.3 would refuse, so this runs before anything is captured.
     */
    void warmUp(DeviceMemory memory, CUstream stream) {
        CudaTensor[] t = new CudaTensor[3];
        for (int i = 0; i < t.length; i++) {
            t[i] = new CudaTensor(memory.floats(1, "the cuBLAS warm-up"), 1, 1);
        }
        gemm(false, false, 1f, t[0], t[1], 0f, t[2], 1);
        axpy(1f, t[0], t[2]);
        jcuda.driver.JCudaDriver.cuStreamSynchronize(stream);
    }

    /** {@code y = alpha x + y} (same size). */
    void axpy(float alpha, CudaTensor x, CudaTensor y) {
        try {
            JCublas2.cublasSaxpy(handle, x.size(), Pointer.to(new float[] {alpha}), x.ptr(), 1, y.ptr(), 1);
        } catch (RuntimeException e) {
            throw new CudaBackendException("cublasSaxpy on " + x.shape(), e);
        }
    }

    /** Destroys the handle, before its workspace is freed; an error is dropped, as the context is going away. */
    void destroy() {
        try {
            JCublas2.cublasDestroy(handle);
        } catch (RuntimeException e) {
            // the context is going away anyway
        }
    }
}
