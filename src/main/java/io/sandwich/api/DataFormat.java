package io.sandwich.api;

import io.sandwich.data.VectorFormat;
import java.util.Locale;

/** The formats a dataset's vector files may have; docs/data.md shows each. */
public enum DataFormat {
    /** Decimals separated by spaces or tabs, a row per line: the seed's format ({@code .txt}). */
    TXT(VectorFormat.TXT),
    /** Comma-separated decimals; a first row with a name in it is a header; quoted fields are read ({@code .csv}). */
    CSV(VectorFormat.CSV),
    /** As {@link #CSV}, separated by tabs ({@code .tsv}). */
    TSV(VectorFormat.TSV),
    /** A NumPy array: 2-D floats, or one column (1-D) of integer class ids ({@code .npy}). */
    NPY(VectorFormat.NPY),
    /** Sparse {@code index:value} rows, LibSVM's format without its label ({@code .svm}). */
    LIBSVM(VectorFormat.LIBSVM);

    private final VectorFormat format;

    DataFormat(VectorFormat format) {
        this.format = format;
    }

    /** Its name in manifests and on the command line, e.g. {@code csv}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    VectorFormat format() {
        return format;
    }
}
