// CUDA kernels of sandwich's GPU backend (io.sandwich.backend.cuda). Compiled to PTX by native/build-ptx.sh and
// committed as src/main/resources/io/sandwich/backend/cuda/sandwich_kernels.ptx, so the jar needs no nvcc.
// Every kernel mirrors a loop of the CPU backend (io.sandwich.backend.cpu.CpuKernels) and must give the same
// numbers; extern "C" keeps the names unmangled for cuModuleGetFunction.
//
// Values that change from one training step to the next (a batch's first row, a step's loss slot, dropout's
// position, Adam's step count) are read from 64-bit counters in device memory when a kernel runs, so that one
// captured CUDA graph serves every step (io.sandwich.backend.Counter, StepIndex). A null counter means "use the
// fixed value passed beside it".

#include <stdint.h>

typedef long long i64;

#define LOSS_MSE 0
#define LOSS_MASKED 1
#define LOSS_MASKED_ELEMENTWISE 2
#define LOSS_L1 3
#define LOSS_SOFT_CE 4

// base + stride * counter (the Java StepIndex), or base without a counter
__device__ __forceinline__ int step_index(const i64* counter, int base, int stride) {
    return counter ? (int) (base + *counter * (i64) stride) : base;
}

extern "C" {

// one thread: *counter = value
__global__ void counter_set(i64* counter, i64 value) {
    if (blockIdx.x == 0 && threadIdx.x == 0) *counter = value;
}

// one thread: *counter += delta
__global__ void counter_add(i64* counter, i64 delta) {
    if (blockIdx.x == 0 && threadIdx.x == 0) *counter += delta;
}

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

// dbias[c] = sum_r grad[r, c] + beta * dbias[c], summed in double like the CPU. A block of 32 * BIAS_PARTS threads
// takes 32 columns: thread (lane, part) sums rows part, part + BIAS_PARTS, ... of column lane (neighbouring threads
// read neighbouring columns), then one thread per column adds the parts in order, so the sum is the same whatever
// order the threads run in. Launched with blocks of 32 * BIAS_PARTS threads, one block per 32 columns.
#define BIAS_PARTS 8
__global__ void bias_grad(const float* grad, float* dbias, int rows, int cols, float beta) {
    __shared__ double partial[BIAS_PARTS][32];
    int lane = threadIdx.x % 32;
    int part = threadIdx.x / 32;
    int c = blockIdx.x * 32 + lane;
    double s = 0.0;
    if (c < cols)
        for (int r = part; r < rows; r += BIAS_PARTS) s += grad[r * cols + c];
    partial[part][lane] = s;
    __syncthreads();
    if (part == 0 && c < cols) {
        double t = 0.0;
        for (int p = 0; p < BIAS_PARTS; p++) t += partial[p][lane];
        dbias[c] = (float) t + (beta == 0.0f ? 0.0f : beta * dbias[c]);
    }
}

__device__ uint64_t mix(uint64_t seed, uint64_t counter, uint64_t pair) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (counter + 1) + 0xBF58476D1CE4E5B9ULL * (pair + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// The row order of an epoch (io.sandwich.backend.EpochOrder): position i goes through a six-round Feistel network
// over the smallest even number of bits covering n, keyed by (seed, epoch, round), walking the cycle until the
// value is below n. One thread per position; the result is a permutation for any key.
__global__ void shuffle(int* order, int n, uint64_t seed, uint64_t epoch) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    int bits = 32 - __clz(n - 1 > 1 ? n - 1 : 1);
    if (bits < 2) bits = 2;
    int half = (bits + 1) / 2;
    uint64_t mask = (1ULL << half) - 1;
    uint64_t x = (uint64_t) i;
    do {
        uint64_t left = x >> half;
        uint64_t right = x & mask;
        for (int r = 0; r < 6; r++) {
            uint64_t f = mix(seed, epoch, ((uint64_t) r << 32) | right) & mask;
            uint64_t next = left ^ f;
            left = right;
            right = next;
        }
        x = (left << half) | right;
    } while (x >= (uint64_t) n);
    order[i] = (int) x;
}

// inverted dropout; one thread per pair of elements, the same draws as CpuKernels.dropout; the key's counter is
// *counter_at when that is not null (a captured step), else counter
__global__ void dropout(float* x, float* mask, int n, float p, uint64_t seed, const i64* counter_at,
                        uint64_t counter) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    int i = 2 * k;
    if (i >= n) return;
    if (counter_at) counter = (uint64_t) *counter_at;
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

// out = in transposed: in row-major [rows, cols], out row-major [cols, rows] (which is in, column-major); one thread
// per element of out, so the writes are contiguous
__global__ void transpose(const float* in, float* out, int rows, int cols) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= rows * cols) return;
    int c = i / rows;
    int r = i - c * rows;
    out[i] = in[(size_t) r * cols + c];
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

// One block per row (a power of two of at most 256 threads): the loss of that row (its part of the per-sample sum,
// see LossKind) written to parts[r] in double, for sum_parts to add up, and, when grad is not null,
// d(batch loss)/d(pred) * scale written to grad.
__global__ void loss_grad(int kind, const float* x, const float* y, float* grad, double* parts, int rows, int cols,
                          float scale) {
    __shared__ double shared[256];
    int r = blockIdx.x;
    if (r >= rows) return;  // the one block launched for a batch of no rows (the whole block leaves together)
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
        if (threadIdx.x == 0) parts[r] = kind == LOSS_MASKED_ELEMENTWISE ? total : total / n * rows;
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
        if (threadIdx.x == 0) parts[r] = ySum * sq;
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
    if (threadIdx.x == 0) parts[r] = rowLoss;
}

// One block of 256 threads: the n parts loss_grad wrote, summed in double in a fixed order, added to sums[slot] with
// one atomic for the batch; slot = step_index(slot_at, slot_base, slot_stride).
__global__ void sum_parts(const double* parts, int n, double* sums, const i64* slot_at, int slot_base,
                          int slot_stride) {
    __shared__ double shared[256];
    double part = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) part += parts[i];
    double total = block_sum(part, shared);
    if (threadIdx.x == 0) atomicAdd(sums + step_index(slot_at, slot_base, slot_stride), total);
}

// One thread per row, 128 per block: argmax hits to sums[slot], top-k hits to sums[slot + 1], ties to the lower
// index; each block adds its whole counts with one atomic each (exact: whole numbers in double, up to 2^53).
__global__ void count_correct(const float* pred, const float* target, int rows, int cols, int k, double* sums,
                              int slot) {
    __shared__ double shared[128];
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    double hit = 0.0, inTop = 0.0;
    if (r < rows) {
        const float* p = pred + (size_t) r * cols;
        const float* t = target + (size_t) r * cols;
        int ta = 0, pa = 0;
        for (int c = 1; c < cols; c++) {
            if (t[c] > t[ta]) ta = c;
            if (p[c] > p[pa]) pa = c;
        }
        hit = pa == ta ? 1.0 : 0.0;
        float pt = p[ta];
        int rank = 0;
        for (int c = 0; c < cols && rank < k; c++) {
            if (p[c] > pt || (p[c] == pt && c < ta)) rank++;
        }
        inTop = rank < k ? 1.0 : 0.0;
    }
    double hits = block_sum(hit, shared);
    double top = block_sum(inTop, shared);
    if (threadIdx.x == 0) {
        atomicAdd(sums + slot, hits);
        atomicAdd(sums + slot + 1, top);
    }
}

// one thread, before adam: t += 1, then the bias corrections of step t in double as CpuKernels.adam computes
// them, scalars[0] = lr / (1 - beta1^t) and scalars[1] = sqrt(1 - beta2^t)
__global__ void adam_tick(i64* t, float* scalars, float lr, float b1, float b2) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    i64 step = *t + 1;
    *t = step;
    scalars[0] = (float) ((double) lr / (1.0 - pow((double) b1, (double) step)));
    scalars[1] = (float) sqrt(1.0 - pow((double) b2, (double) step));
}

// sums[slot] += the number of NaN or infinite elements of x (they are rare: one atomic each)
__global__ void count_nonfinite(const float* x, int n, double* sums, int slot) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n && !isfinite(x[i])) atomicAdd(sums + slot, 1.0);
}

// torch.optim.Adam's update over one flat buffer with the scalars adam_tick wrote
__global__ void adam(float* p, const float* g, float* m, float* v, int n, const float* scalars, float b1, float b2,
                     float eps, float wd) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float step_size = scalars[0];
    float bc2_sqrt = scalars[1];
    float w = p[i];
    float gi = g[i] + w * wd;
    float mi = m[i] * b1 + gi * (1.0f - b1);
    float vi = v[i] * b2 + gi * gi * (1.0f - b2);
    m[i] = mi;
    v[i] = vi;
    p[i] = w - step_size * (mi / (sqrtf(vi) / bc2_sqrt + eps));
}

// dense rows order[start + r] of a CSR matrix, start = step_index(start_at, start_base, start_stride); one block
// per output row; a range beyond the order's n entries leaves the rows zero
__global__ void gather_dense(const int* rowPtr, const int* colIdx, const float* values, const int* order, int n,
                             const i64* start_at, int start_base, int start_stride, float* dst, int rows, int cols) {
    int r = blockIdx.x;
    if (r >= rows) return;
    float* d = dst + (size_t) r * cols;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) d[c] = 0.0f;
    __syncthreads();
    int start = step_index(start_at, start_base, start_stride);
    if (start < 0 || start > n - rows) return;
    int src = order[start + r];
    for (int k = rowPtr[src] + threadIdx.x; k < rowPtr[src + 1]; k += blockDim.x) d[colIdx[k]] = values[k];
}

// a sparse batch with exactly `width` entries per row (width = the widest row of the matrix), one thread per row:
// its row offsets are r * width and its non-zero count rows * width whatever rows it holds, so the host knows them
// without reading anything back and the SpMM that reads the batch can be captured in a graph. A row with fewer
// entries is filled up with explicit zeros at the smallest columns it does not have, merged in order, so each
// row's columns stay sorted and distinct. A range beyond the order's n entries gives rows of zeros.
__global__ void gather_csr_padded(const int* rowPtr, const int* colIdx, const float* values, const int* order, int n,
                                  const i64* start_at, int start_base, int start_stride, int rows, int width,
                                  int* outPtr, int* outIdx, float* outVal) {
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r > rows) return;
    outPtr[r] = r * width;
    if (r == rows) return;
    int start = step_index(start_at, start_base, start_stride);
    int k = 0, to = 0;
    if (start >= 0 && start <= n - rows) {
        int src = order[start + r];
        k = rowPtr[src];
        to = rowPtr[src + 1];
    }
    int pad = width - (to - k);
    int c = 0;
    for (int o = r * width, end = o + width; o < end; o++) {
        int next = k < to ? colIdx[k] : 0x7fffffff;
        if (pad > 0 && c < next) {
            outIdx[o] = c++;
            outVal[o] = 0.0f;
            pad--;
        } else {
            outIdx[o] = next;
            outVal[o] = values[k++];
            c = next + 1;
        }
    }
}

}  // extern "C"
