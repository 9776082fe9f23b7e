package io.sandwich.data;

import io.sandwich.SandwichException;
import java.nio.file.Path;

/**
 * A data file that cannot be used as it is: the message names the file, the 1-based line and column (either is
 * left out when zero) and says what was expected and what was found, e.g.
 * {@code tr_app.txt:12:5: expected a decimal number, found "abc"}.
 */
public class DataFormatException extends SandwichException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;

    /** An error about {@code file} at {@code line} and {@code column} (1-based; 0 when not about one). */
    public DataFormatException(Path file, int line, int column, String detail) {
        super(location(file, line, column) + ": " + detail);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** As {@link #DataFormatException(Path, int, int, String)}, keeping the low-level cause. */
    public DataFormatException(Path file, int line, int column, String detail, Throwable cause) {
        super(location(file, line, column) + ": " + detail, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String location(Path file, int line, int column) {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.toString();
    }

    /** The file the error is about. */
    public Path file() {
        return file;
    }

    /** The 1-based line, 0 when the error is about the whole file. */
    public int line() {
        return line;
    }

    /** The 1-based column, 0 when the error is not about a column. */
    public int column() {
        return column;
    }
}
