package io.sandwich.backend;

import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.backend.cuda.CudaBackend;
import io.sandwich.backend.cuda.CudaRuntime;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens the backend for a requested {@link Device}: {@code cpu}, {@code gpuN} (an error with the reason when the
 * GPU cannot be used), or {@code auto} (the GPU when a device and the CUDA libraries load, else the CPU, saying
 * which and why).
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Settings of the backends.
     *
     * @param threads CPU threads (0 or less: all cores)
     * @param tf32 let cuBLAS use TF32 tensor cores
     * @param spmm feed sparse inputs to cuSPARSE SpMM instead of a dense GEMM on the GPU
     * @param graphs capture each training step once and replay it per batch (a CUDA graph on the GPU); false runs
     *     every step's operations one by one
     */
    public record Options(int threads, boolean tf32, boolean spmm, boolean graphs) {
        /** CPU threads only. */
        public static Options cpu(int threads) {
            return new Options(threads, false, false, true);
        }
    }

    /** Why the GPU cannot be used here, or empty when it can. */
    public static Optional<String> gpuUnavailableReason() {
        try {
            return CudaRuntime.unavailableReason();
        } catch (LinkageError e) {
            return Optional.of("the JCuda classes did not load (" + e + ")");
        }
    }

    /** Opens a backend; {@code notice} hears which device {@code auto} chose and why. */
    public static Backend open(Device device, Options o, Consumer<String> notice) {
        return switch (device.kind()) {
            case CPU -> new CpuBackend(o.threads(), o.graphs());
            case GPU -> {
                Optional<String> why = gpuUnavailableReason();
                if (why.isPresent()) {
                    throw new BackendException("device " + device + " requested, but " + why.get()
                            + "; use --device cpu (or auto)");
                }
                yield new CudaBackend(device.index(), o.tf32(), o.spmm(), o.graphs());
            }
            case AUTO -> {
                Optional<String> why = gpuUnavailableReason();
                if (why.isEmpty()) {
                    CudaBackend b = new CudaBackend(0, o.tf32(), o.spmm(), o.graphs());
                    notice.accept("device auto: using gpu0 (" + b.describe() + ")");
                    yield b;
                }
                notice.accept("device auto: using cpu (" + why.get() + ")");
                yield new CpuBackend(o.threads(), o.graphs());
            }
        };
    }
}
