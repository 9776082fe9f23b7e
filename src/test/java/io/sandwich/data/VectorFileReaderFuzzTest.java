package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sandwich.UntrustedInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link VectorFileReader} with Jazzer. The seeds in
 * {@code VectorFileReaderFuzzTestInputs/readVectorFile} are the first five rows of three real seed data files, a
 * file of spacing and number edge cases, and every input the fuzzer has found failing. Besides failing only with
 * {@link DataFormatException}, a file that is read must hold exactly the values {@link Float#parseFloat} gives for
 * its tokens.
 */
class VectorFileReaderFuzzTest {
    private static final Path NAME = Path.of("fuzz.txt");

    /** Each input is parsed as the contents of a vector file (see {@link UntrustedInput} for what is checked). */
    @FuzzTest(maxDuration = "15s")
    void readVectorFile(byte[] input) {
        CsrMatrix[] read = new CsrMatrix[1];
        UntrustedInput.check(DataFormatException.class, input.length,
                () -> read[0] = VectorFileReader.read(NAME, input, Reading.ANY, false));
        if (read[0] != null) {
            assertSameAsParseFloat(input, read[0]);
        }
    }

    /**
     * The reference: drop a UTF-8 byte order mark at the start, split lines on spaces, tabs and carriage returns,
     * parse each token with the JDK.
     */
    private static void assertSameAsParseFloat(byte[] input, CsrMatrix m) {
        List<String[]> rows = new ArrayList<>();
        String text = new String(input, StandardCharsets.ISO_8859_1).replaceFirst("^\u00EF\u00BB\u00BF", "");
        for (String line : text.split("\n", -1)) {
            String trimmed = line.replaceAll("^[ \t\r]+|[ \t\r]+$", "");
            if (!trimmed.isEmpty()) {
                rows.add(trimmed.split("[ \t\r]+"));
            }
        }
        assertEquals(rows.size(), m.rows(), "rows");
        for (int r = 0; r < rows.size(); r++) {
            String[] tokens = rows.get(r);
            assertEquals(tokens.length, m.cols(), "columns of row " + r);
            for (int c = 0; c < tokens.length; c++) {
                float expected = Float.parseFloat(tokens[c]);
                if (expected != m.get(r, c)) { // == on purpose: -0 is stored as an absent 0
                    throw new AssertionError("row " + r + " column " + c + ": " + tokens[c] + " parses to "
                            + expected + ", read as " + m.get(r, c));
                }
            }
        }
    }
}
