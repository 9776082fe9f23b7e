package io.sandwich.backend.cuda;

import org.junit.jupiter.api.Tag;

/** The GPU conformance suite with {@code --spmm}: sparse App batches multiplied by cuSPARSE SpMM. */
@Tag("gpu")
class CudaSpmmConformanceTest extends CudaBackendConformanceTest {
    @Override
    protected boolean spmm() {
        return true;
    }
}
