package io.sandwich.data;

import io.sandwich.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes vector files that {@link VectorFileReader} reads back exactly: one row per line, values separated by one
 * space. Each file is written to a temporary file beside it and renamed into place, so a failure leaves either the
 * old file or nothing, never a partial one.
 */
public final class VectorFileWriter {
    private VectorFileWriter() {
    }

    /** Writes a row-major dense array, each value as {@link Float#toString(float)} gives it (zero as "0.0"). */
    public static void write(Path file, float[] rowMajor, int rows, int cols) {
        if (rows < 0 || cols <= 0 || rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows + "x" + cols + " = " + rows * cols
                    + " values with cols > 0, found " + rowMajor.length);
        }
        write(file, CsrMatrix.fromDense(rowMajor, rows, cols));
    }

    /** Writes a sparse matrix, each value as {@link Float#toString(float)} gives it (zero as "0.0"). */
    public static void write(Path file, CsrMatrix m) {
        writeMatrix(file, m, false);
    }

    /**
     * Writes a sparse matrix in a smaller form that reads back to the same floats: zero as "0" and other values as
     * the shortest decimal without an exponent (e.g. "0.0005" rather than "5.0E-4").
     */
    public static void writeCompact(Path file, CsrMatrix m) {
        writeMatrix(file, m, true);
    }

    private static void writeMatrix(Path file, CsrMatrix m, boolean compact) {
        String zero = compact ? "0" : "0.0";
        int[] ptr = m.rowPtr();
        int[] idx = m.colIdx();
        float[] val = m.values();
        atomically(file, out -> {
            for (int r = 0; r < m.rows(); r++) {
                int k = ptr[r];
                for (int c = 0; c < m.cols(); c++) {
                    if (c > 0) {
                        out.write(' ');
                    }
                    if (k < ptr[r + 1] && idx[k] == c) {
                        out.write(compact ? plain(val[k]) : Float.toString(val[k]));
                        k++;
                    } else {
                        out.write(zero);
                    }
                }
                out.write('\n');
            }
        });
    }

    /** {@code v} as the compact form writes it: the shortest decimal that reads back to {@code v}, no exponent. */
    static String plain(float v) {
        String s = Float.toString(v);
        if (s.indexOf('E') < 0) {
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }
        return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }

    /** Something that writes a file's content as text. */
    @FunctionalInterface
    interface Body {
        void writeTo(Writer out) throws IOException;
    }

    /** UTF-8 text through {@link AtomicFiles}; the folder must exist. */
    static void atomically(Path file, Body body) {
        AtomicFiles.write(file, false, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            body.writeTo(w);
            w.flush();
        });
    }
}
