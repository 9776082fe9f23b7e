// Internals shared by the CUDA simulator's driver (driver.cpp) and its cuBLAS / cuSPARSE (libs.cpp).
//
// The simulator is one shared library that stands in for libcuda.so.1, libcublas.so.13 and libcusparse.so.12 on a
// machine without a GPU, so that JCuda's real natives and the project's real CudaBackend run unchanged in CI:
// device memory is host memory (each allocation ends at a guard page, so a kernel writing past its end faults),
// kernels are native/sandwich_kernels.cu compiled as host C++, and work on a stream is held back until something
// waits for that stream (the latest moment a GPU could run it), unless the stream is being captured, in which case
// it is recorded into a graph that cuGraphLaunch replays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <vector>

#define SIM_API extern "C" __attribute__((visibility("default")))

namespace cudasim {

using Op = std::function<void()>;

/** A stream: work queued until the host waits for it, or recorded while the stream is captured. */
struct Stream {
    bool blocking = true;  // created without CU_STREAM_NON_BLOCKING: ordered with the legacy stream
    bool capturing = false;
    bool invalidated = false;
    int mode = 0;
    std::vector<Op> pending;  // issued, not yet run
    std::vector<Op> ops;      // recorded by the capture under way
};

/** Queues op on the stream, or records it when the stream is being captured (s null: the legacy stream). */
void enqueue(Stream* s, Op op);

/** Whether [p, p + bytes) lies inside one live allocation; prints what is wrong when not. */
bool inside(const void* p, size_t bytes, const char* what);

/**
 * A call that would wait for the device or allocate: refused (CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED) while a
 * stream is captured in global mode, which also invalidates that capture, as the real driver does.
 */
bool unsafeDuringCapture(const char* what);

/** Deletes a live handle and forgets it; {@code missing} (an error code) for a handle that is not live. */
template <typename T>
int release(std::set<T*>& live, T* handle, int missing) {
    if (!live.erase(handle)) return missing;
    delete handle;
    return 0;
}

/** Whether [p, ...) starts or lies in the workspace a live cuBLAS handle was given (libs.cpp). */
bool inBlasWorkspace(uintptr_t p);

/** Prints a diagnostic line on stderr, prefixed "cudasim: ". */
void complain(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace cudasim
