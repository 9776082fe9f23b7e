package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendConformanceTest;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on the CPU backend's scalar kernels: the passes that run where jdk.incubator.vector is not
 * loaded, and the Adam that runs where the native library is not loaded either.
 */
class CpuBackendScalarConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend open() {
        return new CpuBackend(2, true, false, false, false);
    }

    @Test
    void infoSaysTheKernelsAreScalar() {
        assertEquals("2 threads, scalar kernels (jdk.incubator.vector not loaded)", backend.info().detail());
    }
}
