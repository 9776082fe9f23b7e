package io.sandwich.data;

import java.nio.file.Path;
import java.util.Arrays;

/** Rows of a {@link CsrMatrix} appended one value at a time, as the file readers find them. */
final class CsrBuilder {
    private static final int FIRST_CAPACITY = 1 << 14;
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Path file;
    private int[] rowPtr = new int[1024];
    private int[] colIdx = new int[FIRST_CAPACITY];
    private float[] values = new float[FIRST_CAPACITY];
    private int nnz;
    private int rows;

    /** Rows read from {@code file}, which messages about the limits name. */
    CsrBuilder(Path file) {
        this.file = file;
    }

    /** Appends a non-zero value to the current row; columns must increase within a row. */
    void add(int col, float v) {
        if (nnz == values.length) {
            int cap = (int) Math.min(MAX_ARRAY, values.length + (long) (values.length >> 1));
            if (cap == nnz) {
                throw new DataFormatException(file, rows + 1, 0, "expected at most " + MAX_ARRAY
                        + " non-zero values in one file, found more; split it");
            }
            values = Arrays.copyOf(values, cap);
            colIdx = Arrays.copyOf(colIdx, cap);
        }
        colIdx[nnz] = col;
        values[nnz++] = v;
    }

    /** Ends the current row. */
    void endRow() {
        rows++;
        if (rows == rowPtr.length) {
            if (rows == MAX_ARRAY) {
                throw new DataFormatException(file, rows, 0, "expected at most " + (MAX_ARRAY - 1)
                        + " rows in one file, found more; split it");
            }
            rowPtr = Arrays.copyOf(rowPtr, (int) Math.min(MAX_ARRAY, rowPtr.length * 2L));
        }
        rowPtr[rows] = nnz;
    }

    /** Drops the values added to the current row since the last {@link #endRow()}. */
    void dropRow() {
        nnz = rowPtr[rows];
    }

    /** Rows ended so far. */
    int rows() {
        return rows;
    }

    /** The rows ended so far as a matrix {@code cols} wide. */
    CsrMatrix build(int cols) {
        return new CsrMatrix(rows, cols, Arrays.copyOf(rowPtr, rows + 1), Arrays.copyOf(colIdx, nnz),
                Arrays.copyOf(values, nnz));
    }
}
