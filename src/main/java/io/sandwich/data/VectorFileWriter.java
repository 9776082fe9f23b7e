package io.sandwich.data;

import io.sandwich.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes vector files that the readers read back exactly: in the seed's format (one row per line, values separated by
 * one space) or any other {@link VectorFormat}. Each file is written to a temporary file beside it and renamed into
 * place, so a failure leaves either the old file or nothing, never a partial one.
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

    /**
     * Writes a sparse matrix as {@code format}, values in the compact form: {@code .csv} and {@code .tsv} without a
     * header, {@code .npy} as float32 in C order, sparse rows with 1-based indices.
     */
    public static void write(Path file, CsrMatrix m, VectorFormat format) {
        switch (format) {
            case TXT -> writeMatrix(file, m, true);
            case CSV -> writeMatrix(file, m, true, ',');
            case TSV -> writeMatrix(file, m, true, '\t');
            case NPY -> npy(file, "<f4", m.rows(), m.cols(), (b, r) -> {
                float[] row = new float[m.cols()];
                m.copyRowDense(r, row, 0);
                for (float v : row) {
                    b.putFloat(v);
                }
            });
            case LIBSVM -> atomically(file, out -> {
                for (int r = 0; r < m.rows(); r++) {
                    for (int k = m.rowPtr()[r]; k < m.rowPtr()[r + 1]; k++) {
                        out.write((k > m.rowPtr()[r] ? " " : "") + (m.colIdx()[k] + 1) + ":" + plain(m.values()[k]));
                    }
                    out.write('\n');
                }
            });
            default -> throw new IllegalStateException("unhandled format " + format);
        }
    }

    /** Writes one class id per row as {@code format}: a column of whole numbers, or a 1-D int64 {@code .npy}. */
    public static void writeClassIds(Path file, int[] ids, VectorFormat format) {
        if (format == VectorFormat.LIBSVM) {
            throw new IllegalArgumentException("class ids are written as one column, not as sparse rows");
        }
        if (format == VectorFormat.NPY) {
            npy(file, "<i8", ids.length, 0, (b, r) -> b.putLong(ids[r]));
            return;
        }
        atomically(file, out -> {
            for (int id : ids) {
                out.write(Integer.toString(id));
                out.write('\n');
            }
        });
    }

    /** Writes one row's elements into a buffer. */
    @FunctionalInterface
    private interface RowBytes {
        void put(ByteBuffer b, int row);
    }

    /** A {@code .npy} file of {@code rows} x {@code cols} (0: 1-D) elements of {@code descr}. */
    private static void npy(Path file, String descr, int rows, int cols, RowBytes row) {
        int width = 8 * Math.max(1, cols);
        AtomicFiles.write(file, false, out -> {
            out.write(NpyHeader.of(descr, rows, cols));
            ByteBuffer b = ByteBuffer.allocate(Math.max(1 << 16, width)).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                if (b.remaining() < width) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
                row.put(b, r);
            }
            out.write(b.array(), 0, b.position());
        });
    }

    private static void writeMatrix(Path file, CsrMatrix m, boolean compact) {
        writeMatrix(file, m, compact, ' ');
    }

    private static void writeMatrix(Path file, CsrMatrix m, boolean compact, char separator) {
        String zero = compact ? "0" : "0.0";
        int[] ptr = m.rowPtr();
        int[] idx = m.colIdx();
        float[] val = m.values();
        atomically(file, out -> {
            for (int r = 0; r < m.rows(); r++) {
                int k = ptr[r];
                for (int c = 0; c < m.cols(); c++) {
                    if (c > 0) {
                        out.write(separator);
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
