package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendConformanceTest;
import org.junit.jupiter.api.Test;

/** The conformance suite on the CPU backend's scalar passes, which run where jdk.incubator.vector is not loaded. */
class CpuBackendScalarConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend open() {
        return new CpuBackend(2, true, false, false);
    }

    @Test
    void infoSaysTheKernelsAreScalar() {
        assertEquals("2 threads, scalar kernels (jdk.incubator.vector not loaded)", backend.info().detail());
    }
}
