/*
 * The CPU backend's native kernels (io.sandwich.backend.cpu.CpuNative), called through JNI on the tensors' direct
 * memory. Each does the same IEEE operations in the same order as the Java loops it replaces (CpuKernels), so it
 * gives their bits: build-cpu.sh compiles it with -ffp-contract=off (no fused multiply-adds) and -fno-math-errno
 * (sqrtf as the correctly rounded instruction), never -ffast-math. target_clones builds an AVX-512 (x86-64-v4, with
 * the 64-bit multiplies of dropout's hash), an AVX2 and a baseline copy of each loop, the loader picking the one this CPU runs; the lanes change the speed, not the bits.
 * One exception: where two NaNs meet in an operation, the one that comes out (its sign) follows the compiler's order
 * of the operands, here gcc's and in Java the JIT's.
 */
#include <jni.h>
#include <math.h>
#include <stdint.h>

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))

CLONES static void adam(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, int64_t n,
        float b1, float b2, float wd, float eps, float one_minus_b1, float one_minus_b2, float step_size,
        float bc2_sqrt) {
    for (int64_t i = 0; i < n; i++) {
        float w = p[i];
        float gi = g[i] + w * wd;
        float mi = m[i] * b1 + gi * one_minus_b1;
        float vi = v[i] * b2 + gi * gi * one_minus_b2;
        m[i] = mi;
        v[i] = vi;
        p[i] = w - (mi / (sqrtf(vi) / bc2_sqrt + eps)) * step_size;
    }
}

/* z [rows, cols] += bias [cols] by rows, then ReLU where relu: v < 0 becomes +0, -0 and NaN stay (CpuKernels.relu). */
CLONES static void add_bias(float *restrict z, int64_t rows, int64_t cols, const float *restrict bias, int relu) {
    for (int64_t r = 0; r < rows; r++) {
        float *restrict row = z + r * cols;
        if (relu) {
            for (int64_t c = 0; c < cols; c++) {
                float v = row[c] + bias[c];
                row[c] = v < 0.0f ? 0.0f : v;
            }
        } else {
            for (int64_t c = 0; c < cols; c++) {
                row[c] = row[c] + bias[c];
            }
        }
    }
}

/* grad[i] = out[i] > 0 ? grad[i] : +0, a NaN output zeroing its gradient (CpuKernels.reluGrad). */
CLONES static void relu_backward(float *restrict grad, const float *restrict out, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        grad[i] = out[i] > 0.0f ? grad[i] : 0.0f;
    }
}

/* x[i] *= y[i]. */
CLONES static void multiply(float *restrict x, const float *restrict y, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        x[i] = x[i] * y[i];
    }
}

/*
 * dbias[c] = (float) (the sum in doubles of grad[r][c], in row order) + (beta == 0 ? 0 : beta * dbias[c]), as
 * CpuKernels.biasGradient; by blocks of columns, each column's additions in the same order.
 */
#define BIAS_BLOCK 256
CLONES static void bias_gradient(const float *restrict grad, int64_t rows, int64_t cols, float beta,
        float *restrict dbias) {
    double acc[BIAS_BLOCK];
    for (int64_t c0 = 0; c0 < cols; c0 += BIAS_BLOCK) {
        int64_t w = cols - c0 < BIAS_BLOCK ? cols - c0 : BIAS_BLOCK;
        for (int64_t c = 0; c < w; c++) {
            acc[c] = 0.0;
        }
        for (int64_t r = 0; r < rows; r++) {
            const float *restrict row = grad + r * cols + c0;
            for (int64_t c = 0; c < w; c++) {
                acc[c] = acc[c] + (double) row[c];
            }
        }
        for (int64_t c = 0; c < w; c++) {
            float old = beta == 0.0f ? 0.0f : beta * dbias[c0 + c];
            dbias[c0 + c] = (float) acc[c] + old;
        }
    }
}

/* The SplitMix64 finaliser of io.sandwich.backend.CounterHash. */
static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/*
 * Dropout on elements [from, to), from even, as CpuKernels.dropout: pair k's hash of (seed, counter, k) gives
 * element 2k its high 24 bits and element 2k+1 bits 8..31; an element is kept, times 1 / (1 - p), where its draw
 * is at least ceil(p 2^24) (the draw as a float in [0, 1) at least p), and the mask holds what it was multiplied by.
 */
CLONES static void dropout(float *restrict x, float *restrict mask, int64_t from, int64_t to, float p, int64_t seed,
        int64_t counter) {
    float keep = 1.0f / (1.0f - p);
    uint64_t threshold = (uint64_t) ceil((double) p * 16777216.0);
    uint64_t key = (uint64_t) seed + 0x9E3779B97F4A7C15ULL * ((uint64_t) counter + 1);
    int64_t first = from >> 1;
    int64_t pairs = (to - from) >> 1;
    for (int64_t k = 0; k < pairs; k++) {
        uint64_t h = mix(key + 0xBF58476D1CE4E5B9ULL * ((uint64_t) (first + k) + 1));
        float m0 = (h >> 40) >= threshold ? keep : 0.0f;
        float m1 = ((h >> 8) & 0xFFFFFF) >= threshold ? keep : 0.0f;
        int64_t i = from + 2 * k;
        mask[i] = m0;
        x[i] = x[i] * m0;
        mask[i + 1] = m1;
        x[i + 1] = x[i + 1] * m1;
    }
    if ((to - from) & 1) {
        int64_t i = to - 1;
        float m = mix(key + 0xBF58476D1CE4E5B9ULL * ((uint64_t) (i >> 1) + 1)) >> 40 >= threshold ? keep : 0.0f;
        mask[i] = m;
        x[i] = x[i] * m;
    }
}

JNIEXPORT void JNICALL Java_io_sandwich_backend_cpu_CpuNative_adam(JNIEnv *env, jclass cls, jlong p, jlong g,
        jlong m, jlong v, jlong n, jfloat b1, jfloat b2, jfloat wd, jfloat eps, jfloat one_minus_b1,
        jfloat one_minus_b2, jfloat step_size, jfloat bc2_sqrt) {
    (void) env;
    (void) cls;
    adam((float *) (intptr_t) p, (const float *) (intptr_t) g, (float *) (intptr_t) m, (float *) (intptr_t) v, n,
            b1, b2, wd, eps, one_minus_b1, one_minus_b2, step_size, bc2_sqrt);
}

JNIEXPORT void JNICALL Java_io_sandwich_backend_cpu_CpuNative_addBias(JNIEnv *env, jclass cls, jlong z, jlong rows,
        jlong cols, jlong bias, jboolean relu) {
    (void) env;
    (void) cls;
    add_bias((float *) (intptr_t) z, rows, cols, (const float *) (intptr_t) bias, relu);
}

JNIEXPORT void JNICALL Java_io_sandwich_backend_cpu_CpuNative_reluBackward(JNIEnv *env, jclass cls, jlong grad,
        jlong out, jlong n) {
    (void) env;
    (void) cls;
    relu_backward((float *) (intptr_t) grad, (const float *) (intptr_t) out, n);
}

JNIEXPORT void JNICALL Java_io_sandwich_backend_cpu_CpuNative_multiply(JNIEnv *env, jclass cls, jlong x, jlong y,
        jlong n) {
    (void) env;
    (void) cls;
    multiply((float *) (intptr_t) x, (const float *) (intptr_t) y, n);
}

JNIEXPORT void JNICALL Java_io_sandwich_backend_cpu_CpuNative_biasGradient(JNIEnv *env, jclass cls, jlong grad,
        jlong rows, jlong cols, jfloat beta, jlong dbias) {
    (void) env;
    (void) cls;
    bias_gradient((const float *) (intptr_t) grad, rows, cols, beta, (float *) (intptr_t) dbias);
}

JNIEXPORT void JNICALL Java_io_sandwich_backend_cpu_CpuNative_dropout(JNIEnv *env, jclass cls, jlong x, jlong mask,
        jlong from, jlong to, jfloat p, jlong seed, jlong counter) {
    (void) env;
    (void) cls;
    dropout((float *) (intptr_t) x, (float *) (intptr_t) mask, from, to, p, seed, counter);
}
