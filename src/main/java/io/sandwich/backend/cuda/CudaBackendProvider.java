package io.sandwich.backend.cuda;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.BackendProvider;
import io.sandwich.backend.Backends;
import io.sandwich.backend.Device;
import java.util.Optional;

/**
 * Provides the {@link CudaBackend}, preferred to the CPU where a GPU and the CUDA libraries load ({@link
 * CudaRuntime}). It names no JCuda class itself, so that it loads where JCuda does not.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public CudaBackendProvider() {
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public Device.Kind kind() {
        return Device.Kind.GPU;
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            return CudaRuntime.unavailableReason();
        } catch (LinkageError e) {
            return Optional.of("the JCuda classes did not load (" + e + ")");
        }
    }

    @Override
    public int devices() {
        return CudaRuntime.deviceCount();
    }

    @Override
    public Backend open(Device device, Backends.Options options) {
        if (options.bf16()) {
            throw new BackendException("bf16 products are a CPU setting; on the GPU, " + SandwichException.setting(
                    "tf32") + " uses its tensor cores (or give " + SandwichException.setting("device") + " cpu)");
        }
        return new CudaBackend(device.index(), options.tf32(), options.spmm(), options.graphs());
    }
}
