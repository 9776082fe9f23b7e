package io.sandwich.backend.cpu;

import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendConformanceTest;

/** Runs the backend conformance suite against the CPU backend. */
class CpuBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend open() {
        return new CpuBackend(2);
    }
}
