package io.sandwich.data;

import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row form, the way every App, L1 and L2 vector set is held.
 *
 * <p>Row {@code r} owns the entries {@code rowPtr[r] .. rowPtr[r+1]-1} of {@code colIdx} and {@code values};
 * column indices are strictly increasing inside a row and no stored value is zero.
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final float[] values;

    /** Wraps the given arrays (not copied); checks their shapes and orderings. */
    public CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("expected a non-negative shape, found " + rows + "x" + cols);
        }
        if (rowPtr.length != rows + 1 || rowPtr[0] != 0) {
            throw new IllegalArgumentException("expected rowPtr of length " + (rows + 1) + " starting at 0");
        }
        if (colIdx.length != values.length || rowPtr[rows] != values.length) {
            throw new IllegalArgumentException("expected " + rowPtr[rows] + " stored entries, found "
                    + colIdx.length + " indices and " + values.length + " values");
        }
        for (int r = 0; r < rows; r++) {
            int prev = -1;
            for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
                if (colIdx[k] <= prev || colIdx[k] >= cols) {
                    throw new IllegalArgumentException("row " + r + ": column index " + colIdx[k]
                            + " is out of order or outside 0.." + (cols - 1));
                }
                prev = colIdx[k];
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /** Builds a CSR matrix from a row-major dense array, dropping zeros. */
    public static CsrMatrix fromDense(float[] dense, int rows, int cols) {
        if (dense.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values, found " + dense.length);
        }
        int nnz = 0;
        for (float v : dense) {
            if (v != 0f) {
                nnz++;
            }
        }
        int[] ptr = new int[rows + 1];
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = dense[r * cols + c];
                if (v != 0f) {
                    idx[k] = c;
                    val[k++] = v;
                }
            }
            ptr[r + 1] = k;
        }
        return new CsrMatrix(rows, cols, ptr, idx, val);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of stored (non-zero) entries. */
    public int nnz() {
        return values.length;
    }

    /**
     * Bytes of the arrays that hold this matrix: 4 per row pointer ({@code rows + 1}), 4 per column index and 4
     * per value, so 8 per stored value plus 4 per row (array headers left out).
     */
    public long bytes() {
        return 4L * rowPtr.length + 4L * colIdx.length + 4L * values.length;
    }

    /** Fraction of entries that are non-zero. */
    public double density() {
        return rows == 0 || cols == 0 ? 0.0 : (double) nnz() / ((double) rows * cols);
    }

    /** Row pointers; do not modify. */
    public int[] rowPtr() {
        return rowPtr;
    }

    /** Column indices; do not modify. */
    public int[] colIdx() {
        return colIdx;
    }

    /** Stored values; do not modify. */
    public float[] values() {
        return values;
    }

    /** Value at (r, c), zero where nothing is stored. */
    public float get(int r, int c) {
        int k = Arrays.binarySearch(colIdx, rowPtr[r], rowPtr[r + 1], c);
        return k >= 0 ? values[k] : 0f;
    }

    /** Writes row {@code r} densely into {@code dst} at {@code offset} (all {@code cols} positions). */
    public void copyRowDense(int r, float[] dst, int offset) {
        Arrays.fill(dst, offset, offset + cols, 0f);
        for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
            dst[offset + colIdx[k]] = values[k];
        }
    }

    /** The whole matrix as a row-major dense array. */
    public float[] toDense() {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            copyRowDense(r, out, r * cols);
        }
        return out;
    }

    /** Largest number of stored entries in any row. */
    public int maxRowNnz() {
        int max = 0;
        for (int r = 0; r < rows; r++) {
            max = Math.max(max, rowPtr[r + 1] - rowPtr[r]);
        }
        return max;
    }

    /** Sum of the stored values of row {@code r}. */
    public double rowSum(int r) {
        double s = 0;
        for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
            s += values[k];
        }
        return s;
    }

    /**
     * Column of the largest value in row {@code r}, the category of that row. Ties go to the lowest column; the
     * implicit zeros take part, so an all-zero row gives column 0.
     */
    public int argmaxRow(int r) {
        int start = rowPtr[r];
        int end = rowPtr[r + 1];
        int best = -1;
        float bestVal = Float.NEGATIVE_INFINITY;
        for (int k = start; k < end; k++) {
            if (values[k] > bestVal) {
                best = colIdx[k];
                bestVal = values[k];
            }
        }
        if (bestVal > 0f || end - start == cols) {
            return best;
        }
        // an implicit zero is at least as large: the first column with no stored entry wins
        int c = 0;
        for (int k = start; k < end && colIdx[k] == c; k++) {
            c++;
        }
        return c;
    }

    /** A new matrix holding the given rows, in the given order. */
    public CsrMatrix selectRows(int[] rowsToTake) {
        int nnz = 0;
        for (int r : rowsToTake) {
            nnz += rowPtr[r + 1] - rowPtr[r];
        }
        int[] ptr = new int[rowsToTake.length + 1];
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        int k = 0;
        for (int i = 0; i < rowsToTake.length; i++) {
            int r = rowsToTake[i];
            int len = rowPtr[r + 1] - rowPtr[r];
            System.arraycopy(colIdx, rowPtr[r], idx, k, len);
            System.arraycopy(values, rowPtr[r], val, k, len);
            k += len;
            ptr[i + 1] = k;
        }
        return new CsrMatrix(rowsToTake.length, cols, ptr, idx, val);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
    public CsrMatrix rowRange(int from, int to) {
        int[] take = new int[to - from];
        for (int i = 0; i < take.length; i++) {
            take[i] = from + i;
        }
        return selectRows(take);
    }

    /** The same rows {@code n} columns wide, {@code n} at least {@link #cols()}: the columns added are zero. */
    public CsrMatrix widened(int n) {
        if (n < cols) {
            throw new IllegalArgumentException("expected at least " + cols + " columns, found " + n);
        }
        return n == cols ? this : new CsrMatrix(rows, n, rowPtr, colIdx, values);
    }

    /** Rows with no non-zero value. */
    public int emptyRows() {
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r] == rowPtr[r + 1]) {
                n++;
            }
        }
        return n;
    }

    /** This matrix with {@code other}'s rows appended; both must have the same column count. */
    public CsrMatrix concat(CsrMatrix other) {
        if (other.cols != cols) {
            throw new IllegalArgumentException("expected " + cols + " columns, found " + other.cols);
        }
        int[] ptr = new int[rows + other.rows + 1];
        System.arraycopy(rowPtr, 0, ptr, 0, rows + 1);
        for (int r = 1; r <= other.rows; r++) {
            ptr[rows + r] = nnz() + other.rowPtr[r];
        }
        int[] idx = Arrays.copyOf(colIdx, nnz() + other.nnz());
        System.arraycopy(other.colIdx, 0, idx, nnz(), other.nnz());
        float[] val = Arrays.copyOf(values, nnz() + other.nnz());
        System.arraycopy(other.values, 0, val, nnz(), other.nnz());
        return new CsrMatrix(rows + other.rows, cols, ptr, idx, val);
    }

    @Override
    public String toString() {
        return "CsrMatrix[" + rows + "x" + cols + ", nnz=" + nnz() + "]";
    }
}
