package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sandwich.UntrustedInput;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of {@link NpyReader} with Jazzer: each input is read as a {@code .npy} file, as a target
 * when its last byte is odd. The seeds in {@code NpyReaderFuzzTestInputs/readNpy} are small arrays NumPy wrote in
 * each element type, both orders and both byte orders. An array that is read holds no more values than its bytes.
 */
class NpyReaderFuzzTest {
    private static final Path NAME = Path.of("fuzz.npy");

    /** See {@link UntrustedInput} for what is checked. */
    @FuzzTest(maxDuration = "15s")
    void readNpy(byte[] input) {
        Reading r = input.length > 0 && (input[input.length - 1] & 1) == 1 ? new Reading(0, true, 0, -1)
                : Reading.ANY;
        CsrMatrix[] read = new CsrMatrix[1];
        UntrustedInput.check(DataFormatException.class, input.length, () -> read[0] = NpyReader.read(NAME, input, r));
        if (read[0] != null) {
            assertTrue((long) read[0].rows() * read[0].cols() <= input.length, read[0].toString());
        }
    }
}
