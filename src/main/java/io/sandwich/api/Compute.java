package io.sandwich.api;

import io.sandwich.backend.Backend;
import io.sandwich.backend.Backends;

/**
 * Where and how a run computes; none of these change what it computes (on the CPU, not even a bit).
 *
 * @param device {@code cpu}, {@code gpu}, {@code gpuN} or {@code auto} (the GPU when one works, else the CPU)
 * @param threads CPU threads for BLAS (0: all cores)
 * @param tf32 GPU: let cuBLAS use TF32 tensor cores for the dense products
 * @param spmm GPU: multiply sparse App batches with cuSPARSE SpMM instead of a dense GEMM
 * @param graphs capture each training step once and replay it per batch (a CUDA graph on the GPU); false runs each
 *     step's operations one by one, with the same numbers
 */
public record Compute(String device, int threads, boolean tf32, boolean spmm, boolean graphs) {
    /** The command line's defaults: {@code auto}, all cores, FP32, dense input layer, graphs. */
    public static Compute defaults() {
        return new Compute("auto", 0, false, false, true);
    }

    /** The CPU with {@code threads} threads (0: all cores). */
    public static Compute cpu(int threads) {
        return new Compute("cpu", threads, false, false, true);
    }

    /** Opens the backend; the listener hears which device {@code auto} chose and why. */
    Backend open(Listener listener) {
        return Backends.open(device, new Backends.Options(threads, tf32, spmm, graphs), listener::notice);
    }
}
