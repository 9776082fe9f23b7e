/*
 * The CPU backend's native kernels (io.sandwich.backend.cpu.CpuNative), called through JNI on the tensors' direct
 * memory. Each does the same IEEE operations in the same order as the Java loops it replaces (CpuKernels), so it
 * gives their bits: build-cpu.sh compiles it with -ffp-contract=off (no fused multiply-adds) and -fno-math-errno
 * (sqrtf as the correctly rounded instruction), never -ffast-math. target_clones builds an AVX-512, an AVX2 and a
 * baseline copy of each loop, the loader picking the one this CPU runs; the lanes change the speed, not the bits.
 */
#include <jni.h>
#include <math.h>
#include <stdint.h>

#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

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

JNIEXPORT void JNICALL Java_io_sandwich_backend_cpu_CpuNative_adam(JNIEnv *env, jclass cls, jlong p, jlong g,
        jlong m, jlong v, jlong n, jfloat b1, jfloat b2, jfloat wd, jfloat eps, jfloat one_minus_b1,
        jfloat one_minus_b2, jfloat step_size, jfloat bc2_sqrt) {
    (void) env;
    (void) cls;
    adam((float *) (intptr_t) p, (const float *) (intptr_t) g, (float *) (intptr_t) m, (float *) (intptr_t) v, n,
            b1, b2, wd, eps, one_minus_b1, one_minus_b2, step_size, bc2_sqrt);
}
