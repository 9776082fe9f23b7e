package io.sandwich.backend;

import io.sandwich.backend.cpu.CpuBackend;
import java.util.function.Consumer;

/** Opens the backend for a requested {@link Device}, falling back from {@code auto} to the CPU with a reason. */
public final class Backends {
    private Backends() {
    }

    /**
     * Opens a backend. {@code gpu} fails with a clear error while no GPU backend is built in; {@code auto} uses
     * the CPU and reports why through {@code notice}.
     */
    public static Backend open(Device device, int threads, Consumer<String> notice) {
        return switch (device.kind()) {
            case CPU -> new CpuBackend(threads);
            case GPU -> throw new BackendException("device " + device + " requested, but this build has no GPU"
                    + " backend yet; use --device cpu (or auto)");
            case AUTO -> {
                notice.accept("device auto: using cpu (this build has no GPU backend yet)");
                yield new CpuBackend(threads);
            }
        };
    }
}
