package io.sandwich.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats a vector file (an App, L1 or L2 role file) may have, told apart by the file's extension. */
public enum VectorFormat {
    /** One row per line, decimals separated by spaces or tabs: the seed's format. */
    TXT("txt"),
    /** Comma-separated decimals; a first row with a name in it is a header; quoted fields are read. */
    CSV("csv"),
    /** As {@link #CSV}, separated by tabs. */
    TSV("tsv"),
    /** A NumPy array, 2-D or 1-D. */
    NPY("npy"),
    /** Sparse rows of {@code index:value} pairs, as LibSVM writes them but without its label. */
    LIBSVM("svm", "libsvm");

    private final List<String> extensions;

    VectorFormat(String... extensions) {
        this.extensions = List.of(extensions);
    }

    /** The format's name in manifests and messages, e.g. {@code csv}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The extensions it is known by, without the dot, the usual one first. */
    public List<String> extensions() {
        return extensions;
    }

    /** The format of {@code file} by its extension, if it is one of these. */
    public static Optional<VectorFormat> of(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.extensions.stream().anyMatch(e -> name.endsWith("." + e)))
                .findFirst();
    }

    /** The format named {@code label} (as {@link #label()} gives it), if any. */
    public static Optional<VectorFormat> named(String label) {
        return Arrays.stream(values()).filter(f -> f.label().equals(label.toLowerCase(Locale.ROOT))).findFirst();
    }

    /**
     * Reads {@code file} as this format, as {@code reading} expects.
     *
     * @throws DataFormatException naming the file, line and column of the first defect
     */
    public CsrMatrix read(Path file, Reading reading) {
        return switch (this) {
            case TXT -> VectorFileReader.read(file, reading, false);
            case CSV -> DelimitedFileReader.read(file, ',', reading);
            case TSV -> DelimitedFileReader.read(file, '\t', reading);
            case NPY -> NpyReader.read(file, reading);
            case LIBSVM -> VectorFileReader.read(file, reading, true);
        };
    }

    /**
     * Reads {@code file} as the format its extension names.
     *
     * @throws DataFormatException when the extension is none of these, or naming the first defect
     */
    public static CsrMatrix readAny(Path file, Reading reading) {
        return of(file).orElseThrow(() -> new DataFormatException(file, 0, 0, "expected a vector file ending "
                + known() + ", found another name")).read(file, reading);
    }

    /** The known extensions, for messages: {@code .txt, .csv, ...}. */
    public static String known() {
        return String.join(", ", Arrays.stream(values()).flatMap(f -> f.extensions.stream()).map(e -> "." + e)
                .toList());
    }
}
