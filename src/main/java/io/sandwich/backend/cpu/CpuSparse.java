package io.sandwich.backend.cpu;

import static io.sandwich.backend.cpu.CpuScratch.back;

import io.sandwich.backend.BackendException;
import io.sandwich.data.CsrMatrix;
import java.util.Arrays;

/**
 * The CPU's loops over sparse rows: gathering an epoch's batch from a data matrix (as CSR, or dense) and the input
 * layer's forward and weight gradient on a CSR batch. Each runs when the operation runs, its start already read.
 */
final class CpuSparse {
    private final CpuScratch scratch;

    CpuSparse(CpuScratch scratch) {
        this.scratch = scratch;
    }

    /** Rows {@code idx[start .. start + count)} of {@code src} into {@code b}. */
    static void gather(CpuMatrix src, int[] idx, int start, int count, CpuSparseBatch b) {
        CsrMatrix m = src.csr();
        if (count > b.maxRows() || start < 0 || start + count > idx.length || b.cols() != m.cols()) {
            throw new BackendException("gatherSparse: rows " + start + ".." + (start + count) + " of " + idx.length
                    + " into a batch of " + b.maxRows() + " rows");
        }
        int[] ptr = m.rowPtr();
        int k = 0;
        for (int i = 0; i < count; i++) {
            int r = idx[start + i];
            int len = ptr[r + 1] - ptr[r];
            System.arraycopy(m.colIdx(), ptr[r], b.colIdx, k, len);
            System.arraycopy(m.values(), ptr[r], b.values, k, len);
            k += len;
            b.rowPtr[i + 1] = k;
        }
        b.filled(count);
    }

    /** Rows {@code idx[start ..]} of {@code src}, as many as {@code dst} has, into dense {@code dst}. */
    void gatherDense(CpuMatrix src, int[] idx, int start, CpuTensor dst) {
        CsrMatrix m = src.csr();
        if (dst.cols() != m.cols() || start < 0 || start + dst.rows() > idx.length) {
            throw new BackendException("gatherDense: rows " + start + ".." + (start + dst.rows()) + " of width "
                    + m.cols() + " into " + dst.shape());
        }
        float[] b = scratch.empty(0, dst.size());
        Arrays.fill(b, 0, dst.size(), 0f);
        int cols = m.cols();
        int[] ptr = m.rowPtr();
        for (int i = 0; i < dst.rows(); i++) {
            int r = idx[start + i];
            int base = i * cols;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                b[base + m.colIdx()[k]] = m.values()[k];
            }
        }
        back(b, dst);
    }

    /** {@code c = s w^T + beta c}. */
    void timesWeightT(CpuSparseBatch s, CpuTensor w, float beta, CpuTensor c) {
        int in = w.cols();
        int outCols = w.rows();
        // out[r, :] = sum over the row's entries (j, v) of v * W^T[j, :], contiguous rows that vectorise
        float[] wt = CpuKernels.transpose(scratch.in(w, 0), outCols, in, scratch.empty(3, w.size()));
        float[] out = beta == 0f ? scratch.empty(1, c.size()) : scratch.in(c, 1);
        for (int r = 0; r < s.rows(); r++) {
            int base = r * outCols;
            if (beta == 0f) {
                Arrays.fill(out, base, base + outCols, 0f);
            } else if (beta != 1f) {
                for (int o = 0; o < outCols; o++) {
                    out[base + o] *= beta;
                }
            }
            for (int k = s.rowPtr[r]; k < s.rowPtr[r + 1]; k++) {
                CpuKernels.axpy(s.values[k], wt, s.colIdx[k] * outCols, out, base, outCols);
            }
        }
        back(out, c);
    }

    /** {@code dw = g^T s + beta dw}. */
    void gradTTimes(CpuTensor g, CpuSparseBatch s, float beta, CpuTensor dw) {
        int in = dw.cols();
        int outCols = g.cols();
        // accumulate dW^T[j, :] += v * g[r, :] (contiguous), then transpose into dW
        float[] acc = scratch.empty(3, dw.size());
        if (beta == 0f) {
            Arrays.fill(acc, 0, dw.size(), 0f);
        } else {
            CpuKernels.transpose(scratch.in(dw, 0), outCols, in, acc);
            if (beta != 1f) {
                for (int i = 0; i < dw.size(); i++) {
                    acc[i] *= beta;
                }
            }
        }
        float[] gb = scratch.in(g, 1);
        for (int r = 0; r < s.rows(); r++) {
            for (int k = s.rowPtr[r]; k < s.rowPtr[r + 1]; k++) {
                CpuKernels.axpy(s.values[k], gb, r * outCols, acc, s.colIdx[k] * outCols, outCols);
            }
        }
        back(CpuKernels.transpose(acc, in, outCols, scratch.empty(0, dw.size())), dw);
    }
}
