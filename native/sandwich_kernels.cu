// CUDA kernels of sandwich's GPU backend (io.sandwich.backend.cuda). Compiled to PTX by native/build-ptx.sh and
// committed as src/main/resources/io/sandwich/backend/cuda/sandwich_kernels.ptx, so the jar needs no nvcc.
// Every kernel mirrors a loop of the CPU backend (io.sandwich.backend.cpu.CpuKernels) and must give the same
// numbers; extern "C" keeps the names unmangled for cuModuleGetFunction.

#include <stdint.h>

#define LOSS_MSE 0
#define LOSS_MASKED 1
#define LOSS_MASKED_ELEMENTWISE 2
#define LOSS_L1 3
#define LOSS_SOFT_CE 4

extern "C" {

__global__ void fill(float* x, float value, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] = value;
}

// z[r, c] += bias[c], then max(., 0) when relu (negative values only: -0.0 stays, as on the CPU)
__global__ void add_bias(float* z, const float* bias, int rows, int cols, int relu) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < rows * cols) {
        float v = z[i] + bias[i % cols];
        z[i] = (relu && v < 0.0f) ? 0.0f : v;
    }
}

__global__ void relu_backward(float* grad, const float* out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && !(out[i] > 0.0f)) grad[i] = 0.0f;
}

// dbias[c] = sum_r grad[r, c] + beta * dbias[c]; one thread per column, summed in double like the CPU
__global__ void bias_grad(const float* grad, float* dbias, int rows, int cols, float beta) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= cols) return;
    double s = 0.0;
    for (int r = 0; r < rows; r++) s += grad[r * cols + c];
    dbias[c] = (float) s + (beta == 0.0f ? 0.0f : beta * dbias[c]);
}

__device__ uint64_t mix(uint64_t seed, uint64_t counter, uint64_t pair) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (counter + 1) + 0xBF58476D1CE4E5B9ULL * (pair + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// inverted dropout; one thread per pair of elements, the same draws as CpuKernels.dropout
__global__ void dropout(float* x, float* mask, int n, float p, uint64_t seed, uint64_t counter) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    int i = 2 * k;
    if (i >= n) return;
    float keep = 1.0f / (1.0f - p);
    uint64_t h = mix(seed, counter, (uint64_t) k);
    float m0 = (float) (h >> 40) * 5.9604645e-8f >= p ? keep : 0.0f;
    mask[i] = m0;
    x[i] = x[i] * m0;
    if (i + 1 < n) {
        float m1 = (float) ((h >> 8) & 0xFFFFFF) * 5.9604645e-8f >= p ? keep : 0.0f;
        mask[i + 1] = m1;
        x[i + 1] = x[i + 1] * m1;
    }
}

__global__ void multiply(float* x, const float* y, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] *= y[i];
}

// block-wide sum of one double per thread (blockDim.x a power of two, at most 256)
__device__ double block_sum(double v, double* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
        __syncthreads();
    }
    double total = shared[0];
    __syncthreads();
    return total;
}

__device__ double block_max(double v, double* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) shared[threadIdx.x] = fmax(shared[threadIdx.x], shared[threadIdx.x + s]);
        __syncthreads();
    }
    double m = shared[0];
    __syncthreads();
    return m;
}

// One block per row: the loss of that row added (per-sample sum, see LossKind) to acc[slot], and, when grad is
// not null, d(batch loss)/d(pred) * scale written to grad.
__global__ void loss_grad(int kind, const float* x, const float* y, float* grad, float* acc, int slot, int rows,
                          int cols, float scale) {
    __shared__ double shared[256];
    int r = blockIdx.x;
    const float* xr = x + (size_t) r * cols;
    const float* yr = y + (size_t) r * cols;
    float* gr = grad == 0 ? 0 : grad + (size_t) r * cols;
    double n = (double) rows * cols;
    double part = 0.0;
    if (kind == LOSS_MSE || kind == LOSS_L1 || kind == LOSS_MASKED_ELEMENTWISE) {
        float g = kind == LOSS_MSE ? (float) (2.0 / n) * scale : (float) (1.0 / n) * scale;
        for (int c = threadIdx.x; c < cols; c += blockDim.x) {
            float d = xr[c] - yr[c];
            if (kind == LOSS_MSE) {
                part += (double) d * d;
                if (gr) gr[c] = g * d;
            } else if (kind == LOSS_L1) {
                part += fabs((double) d);
                if (gr) gr[c] = d > 0 ? g : (d < 0 ? -g : 0.0f);
            } else {
                part += (double) yr[c] * d * d;
                if (gr) gr[c] = 2.0f * yr[c] * d * scale;
            }
        }
        double total = block_sum(part, shared);
        if (threadIdx.x == 0) {
            atomicAdd(acc + slot, (float) (kind == LOSS_MASKED_ELEMENTWISE ? total : total / n * rows));
        }
        return;
    }
    if (kind == LOSS_MASKED) {
        double ys = 0.0;
        for (int c = threadIdx.x; c < cols; c += blockDim.x) {
            float d = xr[c] - yr[c];
            ys += yr[c];
            part += (double) d * d;
        }
        double ySum = block_sum(ys, shared);
        double sq = block_sum(part, shared);
        if (gr) {
            float g = (float) (2.0 * ySum) * scale;
            for (int c = threadIdx.x; c < cols; c += blockDim.x) gr[c] = g * (xr[c] - yr[c]);
        }
        if (threadIdx.x == 0) atomicAdd(acc + slot, (float) (ySum * sq));
        return;
    }
    // soft cross-entropy against the target normalised to sum 1
    double mx = -1e300;
    double ts = 0.0;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        mx = fmax(mx, (double) xr[c]);
        ts += yr[c];
    }
    double max = block_max(mx, shared);
    double tSum = block_sum(ts, shared);
    double z = 0.0;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) z += exp(xr[c] - max);
    double lse = max + log(block_sum(z, shared));
    double inv = tSum > 0 ? 1.0 / tSum : 0.0;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        double t = yr[c] * inv;
        part -= t * (xr[c] - lse);
        if (gr) gr[c] = (float) ((exp(xr[c] - lse) * (tSum > 0 ? 1.0 : 0.0) - t) / rows) * scale;
    }
    double rowLoss = block_sum(part, shared);
    if (threadIdx.x == 0) atomicAdd(acc + slot, (float) rowLoss);
}

// one thread per row: argmax hits to counters[slot], top-k hits to counters[slot + 1]; ties to the lower index
__global__ void count_correct(const float* pred, const float* target, int rows, int cols, int k, float* counters,
                              int slot) {
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    const float* p = pred + (size_t) r * cols;
    const float* t = target + (size_t) r * cols;
    int ta = 0, pa = 0;
    for (int c = 1; c < cols; c++) {
        if (t[c] > t[ta]) ta = c;
        if (p[c] > p[pa]) pa = c;
    }
    if (pa == ta) atomicAdd(counters + slot, 1.0f);
    float pt = p[ta];
    int rank = 0;
    for (int c = 0; c < cols && rank < k; c++) {
        if (p[c] > pt || (p[c] == pt && c < ta)) rank++;
    }
    if (rank < k) atomicAdd(counters + slot + 1, 1.0f);
}

// torch.optim.Adam's update over one flat buffer; step_size = lr / (1 - beta1^t), bc2_sqrt = sqrt(1 - beta2^t)
__global__ void adam(float* p, const float* g, float* m, float* v, int n, float step_size, float bc2_sqrt,
                     float b1, float b2, float eps, float wd) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float w = p[i];
    float gi = g[i] + w * wd;
    float mi = m[i] * b1 + gi * (1.0f - b1);
    float vi = v[i] * b2 + gi * gi * (1.0f - b2);
    m[i] = mi;
    v[i] = vi;
    p[i] = w - step_size * (mi / (sqrtf(vi) / bc2_sqrt + eps));
}

// dense rows order[start + r] of a CSR matrix; one block per output row
__global__ void gather_dense(const int* rowPtr, const int* colIdx, const float* values, const int* order, int start,
                             float* dst, int rows, int cols) {
    int r = blockIdx.x;
    if (r >= rows) return;
    float* d = dst + (size_t) r * cols;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) d[c] = 0.0f;
    __syncthreads();
    int src = order[start + r];
    for (int k = rowPtr[src] + threadIdx.x; k < rowPtr[src + 1]; k += blockDim.x) d[colIdx[k]] = values[k];
}

// the row pointers of a sparse batch: a single thread (batches have at most a few hundred rows)
__global__ void gather_csr_pointers(const int* rowPtr, const int* order, int start, int rows, int* outPtr) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    int k = 0;
    outPtr[0] = 0;
    for (int r = 0; r < rows; r++) {
        int src = order[start + r];
        k += rowPtr[src + 1] - rowPtr[src];
        outPtr[r + 1] = k;
    }
}

// the entries of a sparse batch, one block per row, after gather_csr_pointers
__global__ void gather_csr_entries(const int* rowPtr, const int* colIdx, const float* values, const int* order,
                                   int start, int rows, const int* outPtr, int* outIdx, float* outVal) {
    int r = blockIdx.x;
    if (r >= rows) return;
    int src = order[start + r];
    int from = rowPtr[src];
    int len = rowPtr[src + 1] - from;
    for (int k = threadIdx.x; k < len; k += blockDim.x) {
        outIdx[outPtr[r] + k] = colIdx[from + k];
        outVal[outPtr[r] + k] = values[from + k];
    }
}

}  // extern "C"
