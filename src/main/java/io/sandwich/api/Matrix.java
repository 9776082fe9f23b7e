package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.data.CsrMatrix;
import java.util.Arrays;

/**
 * Vectors in memory, one per row, held sparse (compressed sparse rows) as every App, L1 and L2 set is. Built from
 * dense rows or from CSR arrays; either is checked, and refused with a sentence naming the row and column.
 */
public final class Matrix {
    private final CsrMatrix csr;

    private Matrix(CsrMatrix csr) {
        this.csr = csr;
    }

    /**
     * The rows of {@code rows}, each of the same length; zeros are not stored.
     *
     * @throws SandwichException for ragged rows or a value that is not finite
     */
    public static Matrix dense(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new SandwichException("row " + (r + 1) + ": expected " + cols + " values, as row 1 has, found "
                        + rows[r].length);
            }
            for (int c = 0; c < cols; c++) {
                finite(r, c, rows[r][c]);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return new Matrix(CsrMatrix.fromDense(flat, rows.length, cols));
    }

    /**
     * {@code rows} x {@code cols} in compressed sparse row form: row {@code r}'s values are
     * {@code values[rowPtr[r] .. rowPtr[r+1])} at the columns {@code colIndex} gives, strictly increasing; the arrays
     * are copied.
     *
     * @throws SandwichException for arrays of the wrong lengths, columns out of order or range, or a value that is
     *     not finite
     */
    public static Matrix csr(int rows, int cols, int[] rowPtr, int[] colIndex, float[] values) {
        for (int r = 0; rowPtr.length == rows + 1 && colIndex.length == values.length && r < rows; r++) {
            for (int k = rowPtr[r]; k >= 0 && k < rowPtr[r + 1] && k < values.length; k++) {
                finite(r, colIndex[k], values[k]);
            }
        }
        try {
            return new Matrix(new CsrMatrix(rows, cols, rowPtr.clone(), colIndex.clone(), values.clone()));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new SandwichException("expected a " + rows + " x " + cols + " matrix in compressed sparse rows,"
                    + " found " + e.getMessage(), e);
        }
    }

    private static void finite(int r, int c, float v) {
        if (!Float.isFinite(v)) {
            throw new SandwichException("row " + (r + 1) + ", column " + (c + 1) + ": expected a finite number,"
                    + " found " + v);
        }
    }

    /** Rows. */
    public int rows() {
        return csr.rows();
    }

    /** Values per row. */
    public int cols() {
        return csr.cols();
    }

    /** The rows as dense arrays. */
    public float[][] toDense() {
        float[] flat = csr.toDense();
        float[][] out = new float[rows()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = Arrays.copyOfRange(flat, r * cols(), (r + 1) * cols());
        }
        return out;
    }

    /** The matrix as the layers below hold it. */
    CsrMatrix csr() {
        return csr;
    }

    /** Wraps a matrix of the layers below. */
    static Matrix of(CsrMatrix m) {
        return new Matrix(m);
    }

    @Override
    public String toString() {
        return rows() + " x " + cols() + " matrix";
    }
}
