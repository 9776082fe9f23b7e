package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendConformanceTest;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on the CPU backend's vector kernels: the passes and Adam that run where the native library
 * is not loaded but jdk.incubator.vector is (as the tests run).
 */
class CpuBackendVectorConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend open() {
        assertTrue(CpuPasses.VECTOR, "the tests run with --add-modules jdk.incubator.vector");
        return new CpuBackend(2, true, false, true, false);
    }

    @Test
    void infoSaysTheKernelsAreVectorCode() {
        assertTrue(backend.info().detail().matches("2 threads, \\d+-lane vector kernels"), backend.info().detail());
        assertEquals(CpuVectorKernels.lanes() + " float lanes", backend.info().libraries().get("jdk.incubator.vector"));
    }
}
