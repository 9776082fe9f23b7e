package io.sandwich.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sandwich.UntrustedInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of {@link DelimitedFileReader} with Jazzer: each input is read as a {@code .csv} file, as a
 * target when its first byte is odd (so that one-column files are checked as class ids). The seeds in
 * {@code DelimitedFileReaderFuzzTestInputs/readCsv} are rows of the seed data with a header, quotes and class ids.
 */
class DelimitedFileReaderFuzzTest {
    private static final Path NAME = Path.of("fuzz.csv");

    /** See {@link UntrustedInput} for what is checked. */
    @FuzzTest(maxDuration = "15s")
    void readCsv(byte[] input) {
        Reading r = input.length > 0 && (input[0] & 1) == 1 ? new Reading(0, true, 0, -1) : Reading.ANY;
        String text = new String(input, StandardCharsets.UTF_8);
        UntrustedInput.check(DataFormatException.class, input.length,
                () -> DelimitedFileReader.read(NAME, text, ',', r));
    }
}
