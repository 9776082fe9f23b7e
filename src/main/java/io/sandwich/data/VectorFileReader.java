package io.sandwich.data;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a vector file of the seed's format (one row per line, decimals separated by spaces or tabs) straight into a
 * {@link CsrMatrix}, reporting any defect as a {@link DataFormatException} that names the file, line and column.
 *
 * <p>Numbers are parsed from the file's bytes without a String per token; the result is the float nearest to the
 * decimal, the same as {@link Float#parseFloat}, which is used for the rare tokens near a rounding boundary.
 */
public final class VectorFileReader {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** Bytes read from the file at a time; a longer line grows the buffer to fit it. */
    static final int CHUNK = 1 << 20;
    private static final int FIRST_CAPACITY = 1 << 14;
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Path file;
    private final InputStream in;
    private byte[] b;
    private int filled;
    private int lineStart;
    private boolean eof;
    private int[] rowPtr = new int[1024];
    private int[] colIdx = new int[FIRST_CAPACITY];
    private float[] values = new float[FIRST_CAPACITY];
    private int nnz;
    private int rows;

    private VectorFileReader(Path file, InputStream in, long size) {
        this.file = file;
        this.in = in;
        this.b = new byte[(int) Math.max(64, Math.min(CHUNK, size + 1))];
    }

    /**
     * Reads {@code file}; every row must hold {@code expectedCols} values, or, when {@code expectedCols <= 0}, as
     * many as the first row. Blank lines may end the file but not interrupt it. The file is streamed through a
     * {@value #CHUNK}-byte buffer, so memory holds only the stored values, never the file's text.
     */
    public static CsrMatrix read(Path file, int expectedCols) {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file, 0, 0, "expected a vector file, found a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new VectorFileReader(file, in, Files.size(file)).parse(expectedCols);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, 0, "expected a vector file, found no such file", e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** As {@link #read(Path, int)} on {@code bytes}, the contents of {@code file}, which names it in messages. */
    static CsrMatrix read(Path file, byte[] bytes, int expectedCols) {
        try {
            return new VectorFileReader(file, new ByteArrayInputStream(bytes), bytes.length).parse(expectedCols);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataFormatException unreadable(Path file, IOException e) {
        return new DataFormatException(file, 0, 0, "expected a readable vector file, found an error: " + e, e);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /**
     * Makes the whole line that starts at {@code lineStart} available in the buffer (moving it to the buffer's
     * start, or growing the buffer, when it runs past the bytes read so far) and returns the index of its newline,
     * or of the end of the file.
     */
    private int nextLine() throws IOException {
        int scanned = lineStart;
        while (true) {
            for (int i = scanned; i < filled; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            if (eof) {
                return filled;
            }
            if (lineStart > 0) {
                System.arraycopy(b, lineStart, b, 0, filled - lineStart);
                filled -= lineStart;
                lineStart = 0;
            }
            scanned = filled;
            if (filled == b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            int n = in.read(b, filled, b.length - filled);
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        }
    }

    private CsrMatrix parse(int expectedCols) throws IOException {
        int cols = expectedCols > 0 ? expectedCols : -1;
        int line = 0;
        int blankLine = 0; // first blank line not yet followed by a row
        while (true) {
            int end = nextLine();
            if (lineStart >= filled && eof) {
                break;
            }
            line++;
            if (line == 1 && end - lineStart >= 3 && b[lineStart] == (byte) 0xEF && b[lineStart + 1] == (byte) 0xBB
                    && b[lineStart + 2] == (byte) 0xBF) {
                lineStart += 3; // a UTF-8 byte-order mark, as some editors on Windows write: not part of the data
            }
            int count = 0;
            int extraColumn = 0;
            int afterLast = 0;
            int p = lineStart;
            while (true) {
                while (p < end && isSpace(b[p])) {
                    p++;
                }
                if (p >= end) {
                    break;
                }
                int ts = p;
                while (p < end && !isSpace(b[p])) {
                    p++;
                }
                if (count == 0 && blankLine > 0) {
                    throw new DataFormatException(file, blankLine, 1, "expected a row of "
                            + (cols > 0 ? cols + " values" : "values") + ", found a blank line");
                }
                count++;
                afterLast = p;
                if (cols > 0 && count > cols) {
                    if (extraColumn == 0) {
                        extraColumn = ts - lineStart + 1;
                    }
                    continue;
                }
                if (isZero(ts, p)) {
                    continue; // most tokens of a sparse file: "0" or "0.0"
                }
                float v = parseToken(ts, p, line, ts - lineStart + 1);
                if (v != 0f) {
                    add(count - 1, v);
                }
            }
            if (count == 0) {
                if (blankLine == 0) {
                    blankLine = line;
                }
            } else {
                if (cols < 0) {
                    cols = count;
                }
                if (count != cols) {
                    int column = extraColumn > 0 ? extraColumn : afterLast - lineStart + 1;
                    throw new DataFormatException(file, line, column,
                            "expected " + cols + " values, found " + count);
                }
                endRow();
            }
            lineStart = end + 1;
        }
        if (rows == 0) {
            throw new DataFormatException(file, 1, 0,
                    "file is empty: expected at least one row of numbers, found none");
        }
        return new CsrMatrix(rows, cols, Arrays.copyOf(rowPtr, rows + 1), Arrays.copyOf(colIdx, nnz),
                Arrays.copyOf(values, nnz));
    }

    private boolean isZero(int s, int e) {
        return b[s] == '0' && (e - s == 1 || e - s == 3 && b[s + 1] == '.' && b[s + 2] == '0');
    }

    private void add(int col, float v) {
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

    private void endRow() {
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

    private float parseToken(int s, int e, int line, int column) {
        int i = s;
        if (b[i] == '+' || b[i] == '-') {
            i++;
        }
        long mant = 0;
        int sig = 0;
        int exp10 = 0;
        boolean anyDigit = false;
        boolean lossy = false;
        for (; i < e && b[i] >= '0' && b[i] <= '9'; i++) {
            anyDigit = true;
            int d = b[i] - '0';
            if (sig < 18) {
                if (mant != 0 || d != 0) {
                    mant = mant * 10 + d;
                    sig++;
                }
            } else {
                exp10++;
                lossy |= d != 0;
            }
        }
        if (i < e && b[i] == '.') {
            for (i++; i < e && b[i] >= '0' && b[i] <= '9'; i++) {
                anyDigit = true;
                int d = b[i] - '0';
                if (sig < 18) {
                    if (mant != 0 || d != 0) {
                        mant = mant * 10 + d;
                        sig++;
                    }
                    exp10--;
                } else {
                    lossy |= d != 0;
                }
            }
        }
        if (anyDigit && i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                negExp = b[i] == '-';
                i++;
            }
            int ex = 0;
            int expStart = i;
            for (; i < e && b[i] >= '0' && b[i] <= '9'; i++) {
                ex = Math.min(ex * 10 + (b[i] - '0'), 100_000);
            }
            if (i == expStart) {
                anyDigit = false;
            }
            exp10 += negExp ? -ex : ex;
        }
        if (!anyDigit || i != e) {
            throw badToken(s, e, line, column);
        }
        if (mant == 0) {
            return 0f;
        }
        float f = lossy ? Float.NaN : fastValue(mant, exp10);
        if (Float.isNaN(f)) {
            f = Float.parseFloat(new String(b, s, e - s, StandardCharsets.US_ASCII));
        } else if (b[s] == '-') {
            f = -f;
        }
        if (Float.isInfinite(f)) {
            throw new DataFormatException(file, line, column,
                    "expected a finite number, found " + token(s, e) + " (too large for a float)");
        }
        return f;
    }

    /** The float nearest to mant * 10^exp10, or NaN when that cannot be decided cheaply. */
    private static float fastValue(long mant, int exp10) {
        if (exp10 < -22 || exp10 > 22) {
            return Float.NaN;
        }
        double d = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
        float f = (float) d;
        if (Float.isInfinite(f) || f < Float.MIN_NORMAL) {
            return Float.NaN;
        }
        // d is within a few double ulps of the exact value; f is right unless a float midpoint lies that close
        double slack = 8 * Math.ulp(d);
        double lo = ((double) f + (double) Math.nextDown(f)) / 2;
        double hi = ((double) f + (double) Math.nextUp(f)) / 2;
        if (Math.abs(d - lo) <= slack || Math.abs(d - hi) <= slack) {
            return Float.NaN;
        }
        return f;
    }

    private DataFormatException badToken(int s, int e, int line, int column) {
        int i = s + ((b[s] == '+' || b[s] == '-') ? 1 : 0);
        String word = new String(b, i, e - i, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        if (word.equals("nan") || word.equals("inf") || word.equals("infinity")) {
            return new DataFormatException(file, line, column, "expected a finite number, found " + token(s, e));
        }
        return new DataFormatException(file, line, column, "expected a decimal number, found \"" + token(s, e) + "\"");
    }

    private String token(int s, int e) {
        String t = new String(b, s, Math.min(e - s, 40), StandardCharsets.UTF_8);
        return e - s > 40 ? t + "..." : t;
    }
}
