package io.sandwich.backend.cpu;

import io.sandwich.backend.DeviceMatrix;
import io.sandwich.data.CsrMatrix;

/** A data matrix held by the CPU backend: the host CSR matrix itself, shared, never copied. */
final class CpuMatrix implements DeviceMatrix {
    final CsrMatrix csr;
    private final int maxRowNnz;

    CpuMatrix(CsrMatrix csr) {
        this.csr = csr;
        int max = 0;
        int[] ptr = csr.rowPtr();
        for (int r = 0; r < csr.rows(); r++) {
            max = Math.max(max, ptr[r + 1] - ptr[r]);
        }
        this.maxRowNnz = max;
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
