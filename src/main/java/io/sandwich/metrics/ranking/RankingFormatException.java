package io.sandwich.metrics.ranking;

import io.sandwich.SandwichException;
import java.nio.file.Path;

/** A ranking file that does not follow the {@code user:item,item,...} format, with the file and line at fault. */
public final class RankingFormatException extends SandwichException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /**
     * An error at {@code line} (1-based) of {@code file}; the message becomes {@code "file:line: detail"}.
     *
     * @param detail the sentence after the location, e.g. {@code expected "user:item,item,...", found "abc"}
     */
    public RankingFormatException(Path file, int line, String detail) {
        super(file + ":" + line + ": " + detail);
        this.file = file;
        this.line = line;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }

    /** The 1-based line at fault (line 1 for an empty file). */
    public int line() {
        return line;
    }
}
