/**
 * The CPU backend: tensors live in direct (off-heap, native-order) float buffers so that OpenBLAS, shipped in
 * the {@code org.bytedeco:openblas} Maven artifact, multiplies them in place without copies; the elementwise
 * passes (bias + ReLU, loss + gradient, Adam) are fused loops in {@link io.sandwich.backend.cpu.CpuKernels}. A captured
 * step is the list of operations it issued, replayed in order, which gives the CPU a CUDA graph's semantics.
 * {@link io.sandwich.backend.cpu.CpuBackend} queues (or records) each operation; the loops live beside it, in
 * {@code CpuKernels}, {@code CpuSparse}, {@code CpuLosses} and {@code CpuAdam}. Offered to
 * {@link io.sandwich.backend.Backends} by {@link io.sandwich.backend.cpu.CpuBackendProvider}.
 */
package io.sandwich.backend.cpu;
