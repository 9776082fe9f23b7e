package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendConformanceTest;
import io.sandwich.backend.BackendInfo;
import org.junit.jupiter.api.Test;

/** Runs the backend conformance suite against the CPU backend. */
class CpuBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend open() {
        return new CpuBackend(2);
    }

    @Test
    void infoGivesTheThreadsTheKernelsAndTheOpenBlasVersion() {
        BackendInfo info = backend.info();
        assertEquals("cpu", info.device());
        // CI loads the module and the native library (CpuNativeTest requires it)
        String kernels = CpuNative.loaded() ? "native kernels" : "\\d+-lane vector kernels";
        assertTrue(info.detail().matches("2 threads, " + kernels), info.detail());
        assertEquals(CpuNative.describe(), info.libraries().get("native"));
        String openblas = info.libraries().get("openblas");
        assertTrue(openblas != null && openblas.matches("OpenBLAS \\d+\\.\\d+\\.\\d+"), openblas);
    }
}
