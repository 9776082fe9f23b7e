package io.sandwich.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} array (format versions 1 to 3): 2-D, or 1-D as one column; floats of 4 or 8 bytes,
 * integers of 1 to 8 bytes signed or unsigned, or booleans; C or Fortran order; either byte order. In messages
 * {@code file:line:column} is the element's row and column, 1 for the first.
 *
 * @param file the file, for messages
 * @param source opens its bytes
 * @param fileSize its size in bytes
 */
record NpyReader(Path file, Source source, long fileSize) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fiub])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Where the bytes come from: a file, or (for the fuzz target) an array; opened once per pass. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** The header: element type, order and shape. */
    private record Header(char kind, int size, ByteOrder order, boolean fortran, long rows, long cols, int length,
            boolean oneDimensional) {
        long dataBytes() {
            return Math.multiplyExact(Math.multiplyExact(rows, cols), size);
        }
    }

    /** Reads {@code file} as {@code reading} expects. */
    static CsrMatrix read(Path file, Reading reading) {
        try {
            if (Files.isDirectory(file)) {
                throw new DataFormatException(file, 0, 0, "expected a .npy array, found a directory");
            }
            return new NpyReader(file, () -> Files.newInputStream(file), Files.size(file)).parse(reading);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, 0, "expected a .npy array, found no such file", e);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "expected a readable .npy array, found an error: " + e, e);
        }
    }

    /** As {@link #read(Path, Reading)} on {@code bytes}, the contents of {@code file}. */
    static CsrMatrix read(Path file, byte[] bytes, Reading reading) {
        try {
            return new NpyReader(file, () -> new ByteArrayInputStream(bytes), bytes.length).parse(reading);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "expected a readable .npy array, found an error: " + e, e);
        }
    }

    private CsrMatrix parse(Reading reading) throws IOException {
        Header h;
        try (InputStream in = source.open()) {
            h = header(in);
        }
        long expected;
        try {
            expected = h.length() + h.dataBytes();
        } catch (ArithmeticException e) {
            throw refuse("expected a shape whose data fits a file, found " + h.rows() + " x " + h.cols());
        }
        if (fileSize != expected) {
            throw new DataFormatException(file, 0, 0, "expected " + h.dataBytes() + " bytes of data for "
                    + h.rows() + " x " + h.cols() + " elements of " + h.size() + " bytes, found "
                    + (fileSize - h.length()));
        }
        if (reading.cols() > 0 && h.cols() != reading.cols()) {
            throw new DataFormatException(file, 0, 0, "expected " + reading.cols() + " values per row, found an"
                    + " array of " + h.cols() + " columns");
        }
        boolean ids = reading.target() && h.cols() == 1;
        CsrBuilder rows = new CsrBuilder(file);
        int n = (int) h.rows();
        int c = (int) h.cols();
        if (!h.fortran() || c == 1) {
            try (Elements in = new Elements(h)) {
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < c; j++) {
                        float v = in.next(r, j, ids, reading.classes());
                        if (v != 0f) {
                            rows.add(j, v);
                        }
                    }
                    rows.endRow();
                }
            }
            return rows.build(c);
        }
        return columnMajor(h, n, c);
    }

    /** A Fortran-order array in two passes: non-zeros per row, then the values into place, column by column. */
    private CsrMatrix columnMajor(Header h, int n, int c) throws IOException {
        int[] ptr = new int[n + 1];
        try (Elements in = new Elements(h)) {
            for (int j = 0; j < c; j++) {
                for (int r = 0; r < n; r++) {
                    if (in.next(r, j, false, 0) != 0f) {
                        ptr[r + 1]++;
                    }
                }
            }
        }
        for (int r = 0; r < n; r++) {
            if (ptr[r + 1] > Integer.MAX_VALUE - 8 - ptr[r]) {
                throw new DataFormatException(file, r + 1, 0, "expected at most " + (Integer.MAX_VALUE - 8)
                        + " non-zero values in one file, found more; split it");
            }
            ptr[r + 1] += ptr[r];
        }
        int[] next = java.util.Arrays.copyOf(ptr, n);
        int[] idx = new int[ptr[n]];
        float[] val = new float[ptr[n]];
        try (Elements in = new Elements(h)) {
            for (int j = 0; j < c; j++) {
                for (int r = 0; r < n; r++) {
                    float v = in.next(r, j, false, 0);
                    if (v != 0f) {
                        idx[next[r]] = j;
                        val[next[r]++] = v;
                    }
                }
            }
        }
        return new CsrMatrix(n, c, ptr, idx, val);
    }

    /** The elements of the data in file order, decoded from 64 KiB blocks. */
    private final class Elements implements AutoCloseable {
        private final InputStream in;
        private final Header h;
        private final ByteBuffer buf;

        Elements(Header h) throws IOException {
            this.h = h;
            this.in = source.open();
            in.skipNBytes(h.length());
            buf = ByteBuffer.allocate(1 << 16).order(h.order());
            buf.limit(0);
        }

        /** The next element, refused with its row and column when not finite or not a class id. */
        float next(int r, int j, boolean ids, int classes) throws IOException {
            if (buf.remaining() < h.size()) {
                buf.compact();
                int got = in.readNBytes(buf.array(), buf.position(), buf.remaining());
                buf.limit(buf.position() + got);
                buf.position(0);
                if (buf.remaining() < h.size()) {
                    throw new EOFException("the data ends early");
                }
            }
            double v = switch (h.kind()) {
                case 'f' -> h.size() == 4 ? buf.getFloat() : buf.getDouble();
                case 'u' -> switch (h.size()) {
                    case 1 -> buf.get() & 0xFF;
                    case 2 -> buf.getShort() & 0xFFFF;
                    case 4 -> buf.getInt() & 0xFFFFFFFFL;
                    default -> unsigned(buf.getLong());
                };
                case 'b' -> buf.get() != 0 ? 1 : 0;
                default -> switch (h.size()) {
                    case 1 -> buf.get();
                    case 2 -> buf.getShort();
                    case 4 -> buf.getInt();
                    default -> buf.getLong();
                };
            };
            float f = (float) v;
            if (Float.isNaN(f) || Float.isInfinite(f)) {
                throw new DataFormatException(file, r + 1, j + 1, "expected a finite number, found " + v
                        + (Double.isFinite(v) ? " (too large for a float)" : ""));
            }
            if (ids) {
                ClassIds.check(file, r + 1, j + 1, f, classes, h.kind() != 'f' ? Long.toString((long) v)
                        : Double.toString(v));
            }
            return f;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static double unsigned(long x) {
        return x >= 0 ? x : (double) (x >>> 1) * 2 + (x & 1);
    }

    private Header header(InputStream in) throws IOException {
        byte[] start = in.readNBytes(10);
        for (int i = 0; i < MAGIC.length; i++) {
            if (start.length <= i || start[i] != MAGIC[i]) {
                throw refuse("expected a .npy array (starting \\x93NUMPY), found other bytes");
            }
        }
        if (start.length < 10) {
            throw refuse("expected a .npy header, found the file ends");
        }
        int major = start[6];
        if (major < 1 || major > 3) {
            throw refuse("expected .npy format version 1, 2 or 3, found " + major + "." + start[7]);
        }
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = (start[8] & 0xFF) | (start[9] & 0xFF) << 8;
            prefix = 10;
        } else {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw refuse("expected a .npy header, found the file ends");
            }
            headerLength = (start[8] & 0xFFL) | (start[9] & 0xFFL) << 8 | (more[0] & 0xFFL) << 16
                    | (more[1] & 0xFFL) << 24;
            prefix = 12;
        }
        if (headerLength > MAX_HEADER) {
            throw refuse("expected a .npy header of at most " + MAX_HEADER + " bytes, found " + headerLength);
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length < headerLength) {
            throw refuse("expected a .npy header of " + headerLength + " bytes, found the file ends");
        }
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        Matcher descr = DESCR.matcher(dict);
        Matcher order = ORDER.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!dict.startsWith("{") || !descr.find() || !order.find() || !shape.find()) {
            throw refuse("expected a .npy header naming a plain number type, the order and the shape, found "
                    + (dict.length() > 120 ? dict.substring(0, 120) + "..." : dict));
        }
        char kind = descr.group(2).charAt(0);
        int size = Integer.parseInt(descr.group(3).length() > 2 ? "99" : descr.group(3));
        boolean sized = kind == 'f' ? size == 4 || size == 8 : kind == 'b' ? size == 1
                : size == 1 || size == 2 || size == 4 || size == 8;
        if (!sized) {
            throw refuse("expected elements of float32 or float64, integers or booleans, found '" + descr.group(1)
                    + descr.group(2) + descr.group(3) + "'");
        }
        ByteOrder bo = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN
                : descr.group(1).equals("=") ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
        String[] dims = shape.group(1).split(",");
        long[] d = new long[dims.length];
        int count = 0;
        for (String s : dims) {
            String t = s.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("\\d{1,10}") || count == 2) {
                throw refuse("expected a 1-D or 2-D shape, found (" + shape.group(1) + ")");
            }
            d[count++] = Long.parseLong(t);
        }
        if (count == 0) {
            throw refuse("expected a 1-D or 2-D shape, found ()");
        }
        long rows = d[0];
        long cols = count == 1 ? 1 : d[1];
        if (rows == 0 || cols == 0) {
            throw refuse("file is empty: expected at least one row and one column, found shape ("
                    + shape.group(1).strip() + ")");
        }
        if (rows > Integer.MAX_VALUE - 9 || cols > Integer.MAX_VALUE - 9) {
            throw refuse("expected fewer than " + (Integer.MAX_VALUE - 8) + " rows and columns, found ("
                    + shape.group(1).strip() + ")");
        }
        return new Header(kind, size, bo, order.group(1).equals("True"), rows, cols, prefix + (int) headerLength,
                count == 1);
    }

    private DataFormatException refuse(String detail) {
        return new DataFormatException(file, 0, 0, detail);
    }
}
