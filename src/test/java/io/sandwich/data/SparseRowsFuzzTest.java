package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sandwich.UntrustedInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the sparse {@code index:value} reader ({@link VectorFileReader}) with Jazzer: each input
 * is read with 1-based indices. The seeds in {@code SparseRowsFuzzTestInputs/readSparse} are rows of the seed data
 * written sparse, with comments and empty rows. A file that is read has one row per line.
 */
class SparseRowsFuzzTest {
    private static final Path NAME = Path.of("fuzz.svm");

    /** See {@link UntrustedInput} for what is checked. */
    @FuzzTest(maxDuration = "15s")
    void readSparse(byte[] input) {
        CsrMatrix[] read = new CsrMatrix[1];
        UntrustedInput.check(DataFormatException.class, input.length,
                () -> read[0] = VectorFileReader.read(NAME, input, new Reading(0, false, 0, 1), true));
        if (read[0] != null) {
            String text = new String(input, StandardCharsets.ISO_8859_1);
            int bom = text.startsWith("\u00EF\u00BB\u00BF") ? 3 : 0;
            long lines = text.substring(bom).chars().filter(c -> c == '\n').count()
                    + (text.endsWith("\n") ? 0 : 1);
            assertEquals(lines, read[0].rows(), "rows");
        }
    }
}
