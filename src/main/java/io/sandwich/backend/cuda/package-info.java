/**
 * The CUDA backend, the only place that imports JCuda: tensors in device memory, cuBLAS for dense products,
 * cuSPARSE SpMM for sparse inputs, and the project's kernels ({@code native/sandwich_kernels.cu}, loaded as PTX
 * with the driver API) for everything elementwise. Operations are queued on one non-blocking stream; the host
 * waits only where the interface hands values back ({@code download}, {@code read}); a training step is captured
 * from that stream as a CUDA graph and replayed per batch ({@code CudaGraphs}). Beside
 * {@link io.sandwich.backend.cuda.CudaBackend}: {@code CudaBlas} (cuBLAS), {@code CudaSparse} (cuSPARSE),
 * {@code CudaGather} and {@code CudaLosses} (kernel launches), {@code DeviceMemory}; offered to
 * {@link io.sandwich.backend.Backends} by {@link io.sandwich.backend.cuda.CudaBackendProvider}.
 *
 * <p>JCuda's exception flags are process-wide; {@link io.sandwich.backend.cuda.CudaRuntime} sets them once.
 * Errors are wrapped in {@link io.sandwich.backend.cuda.CudaBackendException} naming the operation and shapes.
 * Status: compiled against JCuda 12.6.0, PTX assembled for sm_75 and sm_90 by ptxas, run in every build through
 * JCuda's natives on the CPU simulator of {@code native/cudasim}, but not yet run on a GPU (see the README).
 */
package io.sandwich.backend.cuda;
