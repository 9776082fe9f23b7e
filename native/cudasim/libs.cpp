// The CUDA simulator's cuBLAS and cuSPARSE: the functions the project's CudaBackend calls, with the libraries'
// documented semantics (column-major cuBLAS with transposes and leading dimensions; cuSPARSE's generic SpMM over
// CSR and dense descriptors in either order), their argument checks, and their stream behaviour: work on a stream
// being captured is recorded into the graph, with the scalars alpha and beta read at call time (host pointer mode).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>

#include "sim.h"

using namespace cudasim;

namespace {

enum : int {
    STATUS_SUCCESS = 0, BLAS_NOT_INITIALIZED = 1, BLAS_INVALID_VALUE = 7, SPARSE_INVALID_VALUE = 3,
    SPARSE_NOT_SUPPORTED = 10
};

struct Blas {
    Stream* stream = nullptr;
    int math = 0;
    void* workspace = nullptr;
    size_t workspaceBytes = 0;
};
std::set<Blas*> blasHandles;

struct Sparse {
    Stream* stream = nullptr;
};
std::set<Sparse*> sparseHandles;

struct SpMat {
    int64_t rows, cols, nnz;
    const int* rowPtr;
    const int* colIdx;
    const float* values;
};
struct DnMat {
    int64_t rows, cols, ld;
    float* values;
    int order;  // 1: column-major, 2: row-major

    float& at(int64_t r, int64_t c) const { return order == 2 ? values[r * ld + c] : values[r + c * ld]; }
};
std::set<SpMat*> spMats;
std::set<DnMat*> dnMats;

/** Floats a strided matrix of rows x cols (column-major, leading dimension ld) spans. */
size_t span(int64_t rows, int64_t cols, int64_t ld) { return rows == 0 || cols == 0 ? 0 : (cols - 1) * ld + rows; }

}  // namespace

// ---------------------------------------------------------------- cuBLAS

SIM_API int cublasCreate_v2(Blas** h) {
    if (!h) return BLAS_INVALID_VALUE;
    *h = new Blas();
    blasHandles.insert(*h);
    return STATUS_SUCCESS;
}

bool cudasim::inBlasWorkspace(uintptr_t p) {
    for (Blas* h : blasHandles) {
        uintptr_t w = (uintptr_t) h->workspace;
        if (h->workspaceBytes && p >= w && p < w + h->workspaceBytes) return true;
    }
    return false;
}

SIM_API int cublasDestroy_v2(Blas* h) { return release(blasHandles, h, BLAS_NOT_INITIALIZED); }

SIM_API int cublasSetStream_v2(Blas* h, Stream* s) {
    if (!blasHandles.count(h)) return BLAS_NOT_INITIALIZED;
    h->stream = s;
    return STATUS_SUCCESS;
}

/** The simulator reports itself as cuBLAS 13.0.0 (CUDA 13's library layout), in cuBLAS's encoding. */
SIM_API int cublasGetVersion_v2(Blas* h, int* version) {
    if (!blasHandles.count(h)) return BLAS_NOT_INITIALIZED;
    if (!version) return BLAS_INVALID_VALUE;
    *version = 130000;
    return STATUS_SUCCESS;
}

SIM_API int cublasSetMathMode(Blas* h, int mode) {
    if (!blasHandles.count(h)) return BLAS_NOT_INITIALIZED;
    if (mode != 0 && mode != 3) {  // CUBLAS_DEFAULT_MATH, CUBLAS_TF32_TENSOR_OP_MATH
        complain("cublasSetMathMode: mode %d is not one the backend uses", mode);
        return BLAS_INVALID_VALUE;
    }
    h->math = mode;  // TF32 rounding is not simulated: products stay FP32
    return STATUS_SUCCESS;
}

SIM_API int cublasSetWorkspace_v2(Blas* h, void* workspace, size_t bytes) {
    if (!blasHandles.count(h)) return BLAS_NOT_INITIALIZED;
    if (bytes && !inside(workspace, bytes, "cublasSetWorkspace")) return BLAS_INVALID_VALUE;
    h->workspace = workspace;
    h->workspaceBytes = bytes;
    return STATUS_SUCCESS;
}

/** C = alpha op(A) op(B) + beta C, column-major; C is not read when beta is 0, as in cuBLAS. */
SIM_API int cublasSgemm_v2(Blas* h, int transa, int transb, int m, int n, int k, const float* alpha, const float* A,
                           int lda, const float* B, int ldb, const float* beta, float* C, int ldc) {
    if (!blasHandles.count(h)) return BLAS_NOT_INITIALIZED;
    if (transa < 0 || transa > 1 || transb < 0 || transb > 1 || m < 0 || n < 0 || k < 0 || !alpha || !beta) {
        return BLAS_INVALID_VALUE;
    }
    int64_t aRows = transa ? k : m, aCols = transa ? m : k;
    int64_t bRows = transb ? n : k, bCols = transb ? k : n;
    if (lda < (aRows > 1 ? aRows : 1) || ldb < (bRows > 1 ? bRows : 1) || ldc < (m > 1 ? m : 1)) {
        complain("cublasSgemm: leading dimensions %d, %d, %d too small for op(A) %dx%d, op(B) %dx%d", lda, ldb, ldc,
                 m, k, k, n);
        return BLAS_INVALID_VALUE;
    }
    if (m == 0 || n == 0) return STATUS_SUCCESS;
    if ((k > 0 && (!inside(A, span(aRows, aCols, lda) * 4, "cublasSgemm A") ||
                   !inside(B, span(bRows, bCols, ldb) * 4, "cublasSgemm B"))) ||
        !inside(C, span(m, n, ldc) * 4, "cublasSgemm C")) {
        return BLAS_INVALID_VALUE;
    }
    float a = *alpha, b = *beta;
    enqueue(h->stream, [=] {
        // op(A) row by row and op(B) column by column, contiguous, so that the inner product vectorises
        std::vector<float> at((size_t) m * k), bt((size_t) n * k);
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) at[(size_t) i * k + p] = transa ? A[p + (size_t) i * lda] : A[i + (size_t) p * lda];
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++) bt[(size_t) j * k + p] = transb ? B[j + (size_t) p * ldb] : B[p + (size_t) j * ldb];
        for (int j = 0; j < n; j++) {
            const float* bj = &bt[(size_t) j * k];
            for (int i = 0; i < m; i++) {
                const float* ai = &at[(size_t) i * k];
                float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
                int p = 0;
                for (; p + 8 <= k; p += 8)
                    for (int u = 0; u < 8; u++) s[u] += ai[p + u] * bj[p + u];
                float sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
                for (; p < k; p++) sum += ai[p] * bj[p];
                float& c = C[i + (size_t) j * ldc];
                c = b == 0.0f ? a * sum : a * sum + b * c;
            }
        }
    });
    return STATUS_SUCCESS;
}

SIM_API int cublasSaxpy_v2(Blas* h, int n, const float* alpha, const float* x, int incx, float* y, int incy) {
    if (!blasHandles.count(h)) return BLAS_NOT_INITIALIZED;
    if (n < 0 || incx == 0 || incy == 0 || !alpha) return BLAS_INVALID_VALUE;
    if (n == 0) return STATUS_SUCCESS;
    if (incx < 0 || incy < 0) {
        complain("cublasSaxpy: negative increments are not simulated");
        return BLAS_INVALID_VALUE;
    }
    if (!inside(x, ((size_t) (n - 1) * incx + 1) * 4, "cublasSaxpy x") ||
        !inside(y, ((size_t) (n - 1) * incy + 1) * 4, "cublasSaxpy y")) {
        return BLAS_INVALID_VALUE;
    }
    float a = *alpha;
    enqueue(h->stream, [=] {
        for (int i = 0; i < n; i++) y[(size_t) i * incy] += a * x[(size_t) i * incx];
    });
    return STATUS_SUCCESS;
}

// ---------------------------------------------------------------- cuSPARSE

SIM_API int cusparseCreate(Sparse** h) {
    if (!h) return SPARSE_INVALID_VALUE;
    *h = new Sparse();
    sparseHandles.insert(*h);
    return STATUS_SUCCESS;
}

SIM_API int cusparseDestroy(Sparse* h) { return release(sparseHandles, h, 1); }  // 1: NOT_INITIALIZED

SIM_API int cusparseSetStream(Sparse* h, Stream* s) {
    if (!sparseHandles.count(h)) return 1;
    h->stream = s;
    return STATUS_SUCCESS;
}

/** The simulator reports itself as cuSPARSE 12.6.0 (CUDA 13 ships cuSPARSE 12), in cuSPARSE's encoding. */
SIM_API int cusparseGetVersion(Sparse* h, int* version) {
    if (!sparseHandles.count(h)) return 1;
    if (!version) return SPARSE_INVALID_VALUE;
    *version = 12600;
    return STATUS_SUCCESS;
}

/** A CSR descriptor: 32-bit offsets and indices, zero-based, float values (what the backend creates). */
SIM_API int cusparseCreateCsr(SpMat** d, int64_t rows, int64_t cols, int64_t nnz, void* rowPtr, void* colIdx,
                              void* values, int rowType, int colType, int base, int valueType) {
    if (!d || rows < 0 || cols < 0 || nnz < 0 || !rowPtr) return SPARSE_INVALID_VALUE;
    if (rowType != 2 || colType != 2 || base != 0 || valueType != 0) {  // CUSPARSE_INDEX_32I, BASE_ZERO, CUDA_R_32F
        complain("cusparseCreateCsr: index types %d/%d, base %d, value type %d are not the backend's", rowType,
                 colType, base, valueType);
        return SPARSE_INVALID_VALUE;
    }
    if (!inside(rowPtr, (size_t) (rows + 1) * 4, "cusparseCreateCsr row offsets") ||
        (nnz > 0 && (!inside(colIdx, (size_t) nnz * 4, "cusparseCreateCsr column indices") ||
                     !inside(values, (size_t) nnz * 4, "cusparseCreateCsr values")))) {
        return SPARSE_INVALID_VALUE;
    }
    *d = new SpMat{rows, cols, nnz, (const int*) rowPtr, (const int*) colIdx, (const float*) values};
    spMats.insert(*d);
    return STATUS_SUCCESS;
}

SIM_API int cusparseCreateDnMat(DnMat** d, int64_t rows, int64_t cols, int64_t ld, void* values, int valueType,
                                int order) {
    if (!d || rows < 0 || cols < 0 || valueType != 0 || (order != 1 && order != 2)) return SPARSE_INVALID_VALUE;
    if (ld < (order == 2 ? cols : rows)) {
        complain("cusparseCreateDnMat: leading dimension %lld below %lld for a %s matrix", (long long) ld,
                 (long long) (order == 2 ? cols : rows), order == 2 ? "row-major" : "column-major");
        return SPARSE_INVALID_VALUE;
    }
    size_t floats = order == 2 ? span(cols, rows, ld) : span(rows, cols, ld);
    if (floats && !inside(values, floats * 4, "cusparseCreateDnMat values")) return SPARSE_INVALID_VALUE;
    *d = new DnMat{rows, cols, ld, (float*) values, order};
    dnMats.insert(*d);
    return STATUS_SUCCESS;
}

SIM_API int cusparseDestroySpMat(SpMat* d) { return release(spMats, d, SPARSE_INVALID_VALUE); }

SIM_API int cusparseDestroyDnMat(DnMat* d) { return release(dnMats, d, SPARSE_INVALID_VALUE); }

namespace {
/** Checks the shapes of C = op(A) op(B); prints what does not fit. */
bool spmmShapes(int opA, int opB, const SpMat* A, const DnMat* B, const DnMat* C) {
    if (!spMats.count(const_cast<SpMat*>(A)) || !dnMats.count(const_cast<DnMat*>(B)) ||
        !dnMats.count(const_cast<DnMat*>(C)) || opA < 0 || opA > 1 || opB < 0 || opB > 1) {
        return false;
    }
    // combinations the backend keeps away from, since cuSPARSE's support for them is not documented plainly
    // (PyTorch brings B to C's order before it calls SpMM): a refusal here keeps the backend on the common paths
    if (B->order != C->order) {
        complain("cusparseSpMM: B is %s and C %s; the backend gives both one order", B->order == 2 ? "row-major" :
                 "column-major", C->order == 2 ? "row-major" : "column-major");
        return false;
    }
    if (opA && opB) {
        complain("cusparseSpMM: both A and B transposed; the backend transposes one operand at most");
        return false;
    }
    int64_t ar = opA ? A->cols : A->rows, ac = opA ? A->rows : A->cols;
    int64_t br = opB ? B->cols : B->rows, bc = opB ? B->rows : B->cols;
    if (ac != br || C->rows != ar || C->cols != bc) {
        complain("cusparseSpMM: op(A) %lldx%lld times op(B) %lldx%lld into C %lldx%lld", (long long) ar,
                 (long long) ac, (long long) br, (long long) bc, (long long) C->rows, (long long) C->cols);
        return false;
    }
    return true;
}
}  // namespace

SIM_API int cusparseSpMM_bufferSize(Sparse* h, int opA, int opB, const float* alpha, const SpMat* A, const DnMat* B,
                                    const float* beta, const DnMat* C, int computeType, int alg, size_t* size) {
    if (!sparseHandles.count(h) || !alpha || !beta || !size || computeType != 0) return SPARSE_INVALID_VALUE;
    if (!spmmShapes(opA, opB, A, B, C)) return SPARSE_INVALID_VALUE;
    // CUDASIM_REFUSE_SPMM plays a cuSPARSE release that does not support the requested operand combination: here,
    // or (=run) only in cusparseSpMM itself, after giving the workspace size
    const char* refuse = getenv("CUDASIM_REFUSE_SPMM");
    if (refuse && strcmp(refuse, "run") != 0) return SPARSE_NOT_SUPPORTED;
    (void) alg;
    *size = 256;  // a workspace the backend must allocate and pass, as the real library may ask
    return STATUS_SUCCESS;
}

/**
 * Whether A's arrays, as they are when the SpMM runs, hold the CSR matrix its descriptor announces: offsets from 0
 * that never decrease and end at the descriptor's nnz, and column indices inside the matrix, strictly increasing in
 * each row. Prints the first thing that does not hold.
 */
static bool validCsr(const SpMat& a) {
    if (a.rowPtr[0] != 0 || a.rowPtr[a.rows] != a.nnz) {
        complain("cusparseSpMM: CSR offsets run from %d to %d, but the descriptor says %lld entries", a.rowPtr[0],
                 a.rowPtr[a.rows], (long long) a.nnz);
        return false;
    }
    for (int64_t r = 0; r < a.rows; r++) {
        if (a.rowPtr[r + 1] < a.rowPtr[r]) {
            complain("cusparseSpMM: CSR offsets decrease at row %lld", (long long) r);
            return false;
        }
        for (int k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
            if (a.colIdx[k] < 0 || a.colIdx[k] >= a.cols || (k > a.rowPtr[r] && a.colIdx[k] <= a.colIdx[k - 1])) {
                complain("cusparseSpMM: row %lld's column index %d is outside 0..%lld or not above the one before",
                         (long long) r, a.colIdx[k], (long long) a.cols - 1);
                return false;
            }
        }
    }
    return true;
}

/** C = alpha op(A) op(B) + beta C with A in CSR, checked to be a valid one when the call runs. */
SIM_API int cusparseSpMM(Sparse* h, int opA, int opB, const float* alpha, const SpMat* A, const DnMat* B,
                         const float* beta, const DnMat* C, int computeType, int alg, void* buffer) {
    if (!sparseHandles.count(h) || !alpha || !beta || computeType != 0) return SPARSE_INVALID_VALUE;
    if (!spmmShapes(opA, opB, A, B, C)) return SPARSE_INVALID_VALUE;
    if (!inside(buffer, 256, "cusparseSpMM external buffer")) return SPARSE_INVALID_VALUE;
    const char* refuse = getenv("CUDASIM_REFUSE_SPMM");
    if (refuse && strcmp(refuse, "run") == 0) return SPARSE_NOT_SUPPORTED;
    (void) alg;
    SpMat a = *A;  // descriptors may be destroyed right after the call; a captured call keeps copies
    DnMat b = *B, c = *C;
    float al = *alpha, be = *beta;
    enqueue(h->stream, [=] {
        if (!validCsr(a)) abort();  // what the real library would compute from such a matrix is undefined
        int64_t outRows = c.rows, outCols = c.cols;
        std::vector<float> acc((size_t) (outRows * outCols), 0.0f);
        for (int64_t r = 0; r < a.rows; r++) {
            for (int k = a.rowPtr[r]; k < a.rowPtr[r + 1]; k++) {
                int64_t col = a.colIdx[k];
                float v = a.values[k];
                // A[r, col] = v contributes to op(A)[i, p] with (i, p) = (r, col), or (col, r) transposed
                int64_t i = opA ? col : r, p = opA ? r : col;
                for (int64_t j = 0; j < outCols; j++) {
                    float bv = opB ? b.at(j, p) : b.at(p, j);
                    acc[(size_t) (i * outCols + j)] += v * bv;
                }
            }
        }
        for (int64_t i = 0; i < outRows; i++)
            for (int64_t j = 0; j < outCols; j++) {
                float& dst = c.at(i, j);
                float s = acc[(size_t) (i * outCols + j)];
                dst = be == 0.0f ? al * s : al * s + be * dst;
            }
    });
    return STATUS_SUCCESS;
}
