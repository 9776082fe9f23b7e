package io.sandwich.backend.cpu;

import io.sandwich.backend.DeviceMatrix;
import io.sandwich.data.CsrMatrix;

/** A data matrix held by the CPU backend: the host CSR matrix itself, shared, never copied. */
final class CpuMatrix implements DeviceMatrix {
    final CsrMatrix csr;
    private final int maxRowNnz;

    CpuMatrix(CsrMatrix csr) {
        this.csr = csr;
        this.maxRowNnz = csr.maxRowNnz();
    }

    @Override
    public int rows() {
        return csr.rows();
    }

    @Override
    public int cols() {
        return csr.cols();
    }

    @Override
    public int maxRowNnz() {
        return maxRowNnz;
    }
}
