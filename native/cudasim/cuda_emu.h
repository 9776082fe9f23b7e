// The subset of the CUDA C++ language that native/sandwich_kernels.cu uses, for compiling it as host C++ inside
// the CUDA simulator (native/cudasim). Each thread of a block is run in turn; a kernel that synchronises its block
// (__syncthreads) runs its threads as fibers (driver.cpp's cudasim_switch) that the scheduler steps from barrier to
// barrier, so block reductions in shared memory behave as on a GPU. Blocks run one after another, so a kernel's
// __shared__ arrays can be plain statics. atomicAdd needs no atomicity here: one host thread runs everything.
#pragma once

#include <cmath>
#include <cstdint>

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

namespace cudasim {
// the indices of the thread being run (set by the scheduler before it runs or resumes a thread)
extern dim3 threadIdx_, blockIdx_, blockDim_, gridDim_;
// a block barrier: yields to the scheduler when the block runs as fibers, aborts otherwise
void syncthreads();
}  // namespace cudasim

#define threadIdx (::cudasim::threadIdx_)
#define blockIdx (::cudasim::blockIdx_)
#define blockDim (::cudasim::blockDim_)
#define gridDim (::cudasim::gridDim_)

inline void __syncthreads() { ::cudasim::syncthreads(); }

inline float atomicAdd(float* address, float value) {
    float old = *address;
    *address = old + value;
    return old;
}

inline double atomicAdd(double* address, double value) {
    double old = *address;
    *address = old + value;
    return old;
}

inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned) x); }

// exp, log, pow, sqrt, sqrtf, fabs and fmax are the C library's, as the kernels call them; isfinite is std's
using std::isfinite;
