package io.sandwich.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a vector file of the seed's format (one row per line, decimals separated by spaces or tabs), or of sparse
 * {@code index:value} rows (LibSVM's format without its label), straight into a {@link CsrMatrix}, reporting any
 * defect as a {@link DataFormatException} that names the file, line and column. Numbers are parsed from the file's
 * bytes without a String per token ({@link Decimals}).
 */
public final class VectorFileReader {
    /** Bytes read from the file at a time; a longer line grows the buffer to fit it. */
    static final int CHUNK = 1 << 20;

    private final Path file;
    private final InputStream in;
    private byte[] b;
    private int filled;
    private int lineStart;
    private boolean eof;
    /** The number of the line {@link #nextRow()} returned last, 1 for the first. */
    private int line;
    private final CsrBuilder rows;

    private VectorFileReader(Path file, InputStream in, long size) {
        this.file = file;
        this.in = in;
        this.b = new byte[(int) Math.max(64, Math.min(CHUNK, size + 1))];
        this.rows = new CsrBuilder(file);
    }

    /**
     * Reads {@code file}; every row must hold {@code expectedCols} values, or, when {@code expectedCols <= 0}, as
     * many as the first row. Blank lines may end the file but not interrupt it. The file is streamed through a
     * {@value #CHUNK}-byte buffer, so memory holds only the stored values, never the file's text.
     */
    public static CsrMatrix read(Path file, int expectedCols) {
        return read(file, Reading.input(Math.max(0, expectedCols)));
    }

    /** As {@link #read(Path, int)}, with what {@code reading} expects (a one-column target holds class ids). */
    static CsrMatrix read(Path file, Reading reading) {
        return read(file, reading, false);
    }

    /**
     * Reads {@code file} as {@code reading} expects, as sparse rows when {@code sparse}: one row per line (an empty
     * line is a row of zeros), {@code index:value} pairs with indices increasing from the declared base, {@code #}
     * starting a comment; the width is the one expected, else the largest index seen plus one.
     */
    static CsrMatrix read(Path file, Reading reading, boolean sparse) {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file, 0, 0, "expected a vector file, found a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            VectorFileReader r = new VectorFileReader(file, in, Files.size(file));
            return sparse ? r.parseSparse(reading) : r.parse(reading);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, 0, "expected a vector file, found no such file", e);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** As {@link #read(Path, int)} on {@code bytes}, the contents of {@code file}, which names it in messages. */
    static CsrMatrix read(Path file, byte[] bytes, Reading reading, boolean sparse) {
        try {
            VectorFileReader r = new VectorFileReader(file, new ByteArrayInputStream(bytes), bytes.length);
            return sparse ? r.parseSparse(reading) : r.parse(reading);
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

    /**
     * As {@link #nextLine()}, counting the line in {@link #line} and stepping over a UTF-8 byte-order mark at the
     * file's start, as some editors on Windows write; -1 after the last line.
     */
    private int nextRow() throws IOException {
        int end = nextLine();
        if (lineStart >= filled && eof) {
            return -1;
        }
        line++;
        if (line == 1 && end - lineStart >= 3 && b[lineStart] == (byte) 0xEF && b[lineStart + 1] == (byte) 0xBB
                && b[lineStart + 2] == (byte) 0xBF) {
            lineStart += 3;
        }
        return end;
    }

    private CsrMatrix parse(Reading reading) throws IOException {
        int cols = reading.cols() > 0 ? reading.cols() : -1;
        int blankLine = 0; // first blank line not yet followed by a row
        while (true) {
            int end = nextRow();
            if (end < 0) {
                break;
            }
            byte[] buf = b; // a local the loops below can keep in a register: only nextLine() changes b
            int count = 0;
            int extraColumn = 0;
            int afterLast = 0;
            int p = lineStart;
            while (true) {
                while (p < end && isSpace(buf[p])) {
                    p++;
                }
                if (p >= end) {
                    break;
                }
                int ts = p;
                while (p < end && !isSpace(buf[p])) {
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
                if (Decimals.isZero(buf, ts, p)) {
                    continue; // most tokens of a sparse file: "0" or "0.0"
                }
                float v = value(ts, p);
                if (v != 0f) {
                    rows.add(count - 1, v);
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
                if (cols == 1 && reading.target()) {
                    checkClassId(end, reading.classes());
                }
                rows.endRow();
            }
            lineStart = end + 1;
        }
        if (rows.rows() == 0) {
            throw new DataFormatException(file, 1, 0,
                    "file is empty: expected at least one row of numbers, found none");
        }
        return rows.build(cols);
    }

    /** The finite number in bytes {@code s..e} of the line; kept out of the loop above, which this makes faster. */
    private float value(int s, int e) {
        float v = Decimals.parse(b, s, e);
        if (!Float.isFinite(v)) {
            throw new DataFormatException(file, line, s - lineStart + 1, Decimals.refusal(b, s, e, v));
        }
        return v;
    }

    /** Checks the one value of the row in {@code lineStart..end} as a class id (kept out of the loop above). */
    private void checkClassId(int end, int classes) {
        int s = lineStart;
        while (isSpace(b[s])) {
            s++;
        }
        int e = s;
        while (e < end && !isSpace(b[e])) {
            e++;
        }
        float id = Decimals.isZero(b, s, e) ? 0f : Decimals.parse(b, s, e);
        ClassIds.check(file, line, s - lineStart + 1, id, classes, Decimals.token(b, s, e));
    }

    private CsrMatrix parseSparse(Reading reading) throws IOException {
        int base = reading.indexBase();
        if (base < 0) {
            throw new DataFormatException(file, 0, 0, "expected the index of the first column declared (0 or 1) for"
                    + " sparse index:value rows, found none; declare it with "
                    + io.sandwich.SandwichException.setting("indexBase") + " or in the manifest");
        }
        long width = reading.cols() > 0 ? reading.cols() : 0;
        while (true) {
            int end = nextRow();
            if (end < 0) {
                break;
            }
            long previous = -1;
            int p = lineStart;
            while (true) {
                while (p < end && isSpace(b[p])) {
                    p++;
                }
                if (p >= end || b[p] == '#') {
                    break;
                }
                int ts = p;
                int colon = -1;
                while (p < end && !isSpace(b[p]) && b[p] != '#') {
                    if (b[p] == ':' && colon < 0) {
                        colon = p;
                    }
                    p++;
                }
                int column = ts - lineStart + 1;
                if (colon < 0) {
                    throw new DataFormatException(file, line, column, "expected index:value, found \""
                            + Decimals.token(b, ts, p) + "\"" + (previous < 0 ? " (a LibSVM label? sandwich reads"
                            + " targets from their own file, an L1 or L2 file, so leave labels out)" : ""));
                }
                long index = 0;
                for (int i = ts; i < colon; i++) {
                    if (b[i] < '0' || b[i] > '9' || index > Integer.MAX_VALUE) {
                        index = -1;
                        break;
                    }
                    index = index * 10 + (b[i] - '0');
                }
                if (index < 0 || colon == ts) {
                    throw new DataFormatException(file, line, column, "expected a whole number as the index of "
                            + "index:value, found \"" + Decimals.token(b, ts, colon) + "\"");
                }
                long col = index - base;
                if (col < 0) {
                    throw new DataFormatException(file, line, column, "expected an index from " + base
                            + ", the first column's as declared, found " + index);
                }
                if (col <= previous) {
                    throw new DataFormatException(file, line, column, "expected an index above " + (previous + base)
                            + ", as indices must increase along a row, found " + index);
                }
                if (reading.cols() > 0 && col >= reading.cols()) {
                    throw new DataFormatException(file, line, column, "expected an index below "
                            + (reading.cols() + base) + " for " + reading.cols() + " columns, found " + index);
                }
                if (col >= Integer.MAX_VALUE - 8) {
                    throw new DataFormatException(file, line, column, "expected an index below "
                            + (Integer.MAX_VALUE - 8) + ", found " + index);
                }
                previous = col;
                int vs = colon + 1;
                float v = vs == p ? Float.NaN : Decimals.isZero(b, vs, p) ? 0f : Decimals.parse(b, vs, p);
                if (Float.isNaN(v) || Float.isInfinite(v)) {
                    throw new DataFormatException(file, line, vs - lineStart + 1, vs == p
                            ? "expected a value after \"" + Decimals.token(b, ts, vs) + "\", found none"
                            : Decimals.refusal(b, vs, p, v));
                }
                width = Math.max(width, col + 1);
                if (v != 0f) {
                    rows.add((int) col, v);
                }
            }
            rows.endRow();
            lineStart = end + 1;
        }
        if (rows.rows() == 0) {
            throw new DataFormatException(file, 1, 0, "file is empty: expected at least one row, found none");
        }
        return rows.build((int) Math.max(1, width));
    }
}
