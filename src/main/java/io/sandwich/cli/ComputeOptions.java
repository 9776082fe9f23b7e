package io.sandwich.cli;

import io.sandwich.api.Compute;
import picocli.CommandLine.Option;

/** Where and how to compute: the options of every command that opens a backend. */
final class ComputeOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "cpu, gpu, gpuN or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads for BLAS (default: all cores).")
    int threads;

    @Option(names = "--tf32", description = "GPU: let cuBLAS use TF32 tensor cores for the dense products.")
    boolean tf32;

    @Option(names = "--bf16", description = "CPU: multiply in bf16 with fp32 accumulation (oneDNN, on all cores or"
            + " OMP_NUM_THREADS); weights and Adam's state stay fp32. Refused on a CPU without AVX512-BF16 or AMX.")
    boolean bf16;

    @Option(names = "--spmm", description = "GPU: multiply sparse App batches with cuSPARSE SpMM instead of a dense"
            + " GEMM.")
    boolean spmm;

    /** Where and how to compute; {@code graphs}: capture training steps (only the training commands choose). */
    Compute compute(boolean graphs) {
        return Compute.builder().device(device).threads(threads).tf32(tf32).bf16(bf16).spmm(spmm).graphs(graphs)
                .build();
    }
}
