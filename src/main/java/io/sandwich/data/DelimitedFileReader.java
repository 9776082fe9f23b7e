package io.sandwich.data;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a {@code .csv} (commas) or {@code .tsv} (tabs) vector file with FastCSV: quoted fields are read, spaces
 * around a field are dropped, and a first row with a field that is not a number is a header, skipped (the rows
 * below must be as wide as it). In messages the column of {@code file:line:column} is the field's number, 1 for the
 * first.
 */
final class DelimitedFileReader extends CsvCallbackHandler<Object> {
    private static final Object ROW = new Object();

    private final Path file;
    private final char separator;
    private final Reading reading;
    private final CsrBuilder rows;
    private byte[] scratch = new byte[64];
    private int cols;
    private long line;
    private int fields;
    private boolean first = true;
    private boolean header;
    private long blankLine;
    private float firstValue;
    private String firstToken;

    private DelimitedFileReader(Path file, char separator, Reading reading) {
        this.file = file;
        this.separator = separator;
        this.reading = reading;
        this.rows = new CsrBuilder(file);
        this.cols = reading.cols();
    }

    /** Reads {@code file}, fields split at {@code separator}, as {@code reading} expects. */
    static CsrMatrix read(Path file, char separator, Reading reading) {
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file, 0, 0, "expected a vector file, found a directory");
        }
        DelimitedFileReader h = new DelimitedFileReader(file, separator, reading);
        try (CsvReader<Object> in = builder(separator).build(h, file, StandardCharsets.UTF_8)) {
            return h.all(in);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, 0, 0, "expected a vector file, found no such file", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DataFormatException(file, 0, 0, "expected a readable vector file, found an error: " + e, e);
        }
    }

    /** As {@link #read(Path, char, Reading)} on {@code text}, the contents of {@code file}. */
    static CsrMatrix read(Path file, String text, char separator, Reading reading) {
        DelimitedFileReader h = new DelimitedFileReader(file, separator, reading);
        try (CsvReader<Object> in = builder(separator).build(h, new StringReader(text))) {
            return h.all(in);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "expected a readable vector file, found an error: " + e, e);
        }
    }

    /** Whether the file began with a header row. */
    boolean header() {
        return header;
    }

    private static CsvReader.CsvReaderBuilder builder(char separator) {
        return CsvReader.builder().fieldSeparator(separator).skipEmptyLines(false).allowExtraFields(true)
                .allowMissingFields(true).detectBomHeader(true);
    }

    private CsrMatrix all(CsvReader<Object> in) {
        try {
            for (Object row : in) {
                assert row == ROW;
            }
        } catch (CsvParseException e) {
            Throwable inner = e;
            while (inner instanceof CsvParseException && inner.getCause() != null) {
                inner = inner.getCause();
            }
            if (inner instanceof RuntimeException r && !(inner instanceof CsvParseException)) {
                throw r; // thrown by the callbacks: a DataFormatException, or a programming error kept visible
            }
            throw new DataFormatException(file, (int) Math.min(Integer.MAX_VALUE, line + 1), 0, "expected "
                    + (separator == ',' ? "CSV" : "TSV") + " rows, found this: " + inner.getMessage());
        }
        if (rows.rows() == 0) {
            throw new DataFormatException(file, 1, 0, "file is empty: expected at least one row of numbers, found"
                    + " none" + (header ? " after its header" : ""));
        }
        return rows.build(cols);
    }

    @Override
    protected RecordType getRecordType() {
        return RecordType.DATA;
    }

    @Override
    protected int getFieldCount() {
        return fields;
    }

    @Override
    protected void beginRecord(long startingLineNumber) {
        line = startingLineNumber;
        fields = 0;
    }

    @Override
    protected void addField(char[] buf, int offset, int len, boolean quoted) {
        int s = offset;
        int e = offset + len;
        while (s < e && buf[s] == ' ') {
            s++;
        }
        while (e > s && buf[e - 1] == ' ') {
            e--;
        }
        fields++;
        if (blankLine > 0) {
            throw error(blankLine, 1, "expected a row of values, found a blank line");
        }
        if (cols > 0 && fields > cols) {
            return; // counted; refused at the row's end
        }
        int n = e - s;
        if (n > scratch.length) {
            scratch = new byte[Math.max(n, 2 * scratch.length)];
        }
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = buf[s + i];
            ascii &= c < 128;
            scratch[i] = (byte) c;
        }
        float v = n == 0 || !ascii ? Float.NaN : Decimals.isZero(scratch, 0, n) ? 0f : Decimals.parse(scratch, 0, n);
        if (first && Float.isNaN(v) && !isNanWord(n)) {
            header = true; // a first row with a name in it
        }
        if (header && first) {
            return;
        }
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            String why = n == 0 ? "expected a decimal number, found an empty field"
                    : !ascii ? "expected a decimal number, found \"" + new String(buf, s, Math.min(n, 40)) + "\""
                    : Decimals.refusal(scratch, 0, n, v);
            throw error(line, fields, why);
        }
        if (fields == 1) {
            firstValue = v;
            firstToken = reading.target() ? new String(buf, s, n) : null;
        }
        if (v != 0f) {
            rows.add(fields - 1, v);
        }
    }

    private boolean isNanWord(int n) {
        String w = new String(scratch, 0, n, StandardCharsets.US_ASCII).replaceFirst("^[+-]", "")
                .toLowerCase(java.util.Locale.ROOT);
        return w.equals("nan") || w.equals("inf") || w.equals("infinity");
    }

    @Override
    protected void setComment(char[] buf, int offset, int len) {
        // comments are not enabled
    }

    @Override
    protected void setEmpty() {
        if (blankLine == 0) {
            blankLine = line;
        }
        fields = -1;
    }

    @Override
    protected Object buildRecord() {
        if (fields < 0) {
            return ROW; // a blank line: refused if a row follows
        }
        if (first) {
            first = false;
            if (header) {
                rows.dropRow(); // numbers before the name that made the row a header
                cols = cols > 0 ? cols : fields; // the rows below are as wide as their header
                return ROW;
            }
        }
        if (cols <= 0) {
            cols = fields;
        }
        if (fields != cols) {
            throw error(line, Math.min(fields, cols + 1), "expected " + cols + " values, found " + fields);
        }
        if (cols == 1 && reading.target()) {
            ClassIds.check(file, (int) line, 1, firstValue, reading.classes(), firstToken);
        }
        rows.endRow();
        return ROW;
    }

    private DataFormatException error(long atLine, int field, String detail) {
        return new DataFormatException(file, (int) Math.min(Integer.MAX_VALUE, atLine), field, detail);
    }
}
