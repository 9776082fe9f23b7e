package io.sandwich.backend.cpu;

import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendProvider;
import io.sandwich.backend.Backends;
import io.sandwich.backend.Device;
import java.util.Optional;

/** Provides the {@link CpuBackend}: always available, ranked below any GPU backend. */
public final class CpuBackendProvider implements BackendProvider {
    /** The provider {@link java.util.ServiceLoader} instantiates. */
    public CpuBackendProvider() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Device.Kind kind() {
        return Device.Kind.CPU;
    }

    /** Empty: OpenBLAS ships in the Maven artifact for this platform (a failure to load it is an error on open). */
    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Backend open(Device device, Backends.Options options) {
        return new CpuBackend(options.threads(), options.graphs(), options.bf16());
    }
}
