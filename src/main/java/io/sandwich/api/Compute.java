package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.Backends;
import io.sandwich.backend.Device;

/**
 * Where and how a run computes; none of these change what it computes (on the CPU, not even a bit), but
 * {@link #tf32()} and {@link #bf16()}, which round the dense products' operands. Immutable;
 * {@link #auto()}, {@link #cpu(int)} and {@link #gpu(int)} are the usual ones, {@link #builder()} sets the rest.
 *
 * <p>Threads: OpenBLAS's thread count is one setting of the whole process. Two runs on the CPU in one JVM at once
 * work when they use the same {@link #threads()}; one with another count is refused while the first is open. A
 * second GPU run in the same JVM while one is open is refused.
 */
public final class Compute {
    private final String device;
    private final int threads;
    private final boolean tf32;
    private final boolean bf16;
    private final boolean spmm;
    private final boolean graphs;

    private Compute(Builder b) {
        this.device = b.device;
        this.threads = b.threads;
        this.tf32 = b.tf32;
        this.bf16 = b.bf16;
        this.spmm = b.spmm;
        this.graphs = b.graphs;
    }

    /** The GPU when one works, else the CPU, on all cores; FP32, dense input layer, captured steps. */
    public static Compute auto() {
        return builder().build();
    }

    /** The CPU with {@code threads} threads (0: all cores). */
    public static Compute cpu(int threads) {
        return builder().device("cpu").threads(threads).build();
    }

    /** The GPU with ordinal {@code index}. */
    public static Compute gpu(int index) {
        return builder().device("gpu" + index).build();
    }

    /** A builder starting from {@link #auto()}'s settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().device(device).threads(threads).tf32(tf32).bf16(bf16).spmm(spmm).graphs(graphs);
    }

    /** {@code cpu}, {@code gpu}, {@code gpuN} or {@code auto}. */
    public String device() {
        return device;
    }

    /** CPU threads for BLAS (0: all cores). */
    public int threads() {
        return threads;
    }

    /** GPU: whether cuBLAS may use TF32 tensor cores for the dense products. */
    public boolean tf32() {
        return tf32;
    }

    /** CPU: whether the dense products are bf16 with fp32 accumulation (weights and Adam's state stay fp32). */
    public boolean bf16() {
        return bf16;
    }

    /** GPU: whether sparse App batches are multiplied with cuSPARSE SpMM instead of a dense GEMM. */
    public boolean spmm() {
        return spmm;
    }

    /** Whether each training step is captured once and replayed per batch (a CUDA graph on the GPU). */
    public boolean graphs() {
        return graphs;
    }

    /** Builds {@link Compute}. */
    public static final class Builder {
        private String device = "auto";
        private int threads;
        private boolean tf32;
        private boolean bf16;
        private boolean spmm;
        private boolean graphs = true;

        private Builder() {
        }

        /**
         * {@code cpu}, {@code gpu}, {@code gpuN} ({@code gpu:N}, {@code cuda:N}) or {@code auto}.
         *
         * @throws SandwichException for any other name
         */
        public Builder device(String name) {
            if (!name.strip().equalsIgnoreCase("auto") && Device.parse(name).isEmpty()) {
                throw new SandwichException("expected a device among cpu, gpu, gpuN, auto, found \"" + name
                        + "\"");
            }
            this.device = name.strip();
            return this;
        }

        /**
         * CPU threads for BLAS; 0 for all cores.
         *
         * @throws SandwichException when negative
         */
        public Builder threads(int n) {
            if (n < 0) {
                throw new SandwichException("expected " + SandwichException.setting("threads") + " >= 0 (0: all"
                        + " cores), found " + n);
            }
            this.threads = n;
            return this;
        }

        /** GPU: let cuBLAS use TF32 tensor cores for the dense products. */
        public Builder tf32(boolean on) {
            this.tf32 = on;
            return this;
        }

        /**
         * CPU: multiply in bf16 with fp32 accumulation, on oneDNN's threads (all cores, or {@code OMP_NUM_THREADS});
         * opening the backend refuses it where the CPU has neither AVX512-BF16 nor AMX, and on the GPU.
         */
        public Builder bf16(boolean on) {
            this.bf16 = on;
            return this;
        }

        /** GPU: multiply sparse App batches with cuSPARSE SpMM instead of a dense GEMM. */
        public Builder spmm(boolean on) {
            this.spmm = on;
            return this;
        }

        /** Capture each training step and replay it (true), or run its operations one by one; same numbers. */
        public Builder graphs(boolean on) {
            this.graphs = on;
            return this;
        }

        /** The settings. */
        public Compute build() {
            return new Compute(this);
        }
    }

    /** Opens the backend; the listener hears which device {@code auto} chose and why. */
    Backend open(Listener listener) {
        return Backends.open(device, new Backends.Options(threads, tf32, bf16, spmm, graphs),
                line -> listener.onEvent(new Event.Notice(line)));
    }

    @Override
    public String toString() {
        return "device " + device + ", threads " + threads + (tf32 ? ", tf32" : "") + (bf16 ? ", bf16" : "")
                + (spmm ? ", spmm" : "") + (graphs ? "" : ", no graphs");
    }
}
