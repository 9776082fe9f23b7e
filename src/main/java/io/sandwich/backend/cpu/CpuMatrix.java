package io.sandwich.backend.cpu;

import io.sandwich.backend.DeviceMatrix;
import io.sandwich.data.CsrMatrix;

/**
 * A data matrix held by the CPU backend: the host CSR matrix itself, shared, never copied.
 *
 * @param csr the matrix
 * @param maxRowNnz its widest row's number of entries, computed once
 */
record CpuMatrix(CsrMatrix csr, int maxRowNnz) implements DeviceMatrix {
    CpuMatrix(CsrMatrix csr) {
        this(csr, csr.maxRowNnz());
    }

    @Override
    public int rows() {
        return csr.rows();
    }

    @Override
    public int cols() {
        return csr.cols();
    }
}
