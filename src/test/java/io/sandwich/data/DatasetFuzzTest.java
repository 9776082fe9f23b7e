package io.sandwich.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sandwich.SandwichException;
import io.sandwich.UntrustedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of {@link Dataset#load} with Jazzer: an input is a dataset directory, its files' contents
 * separated by NUL bytes in the order of {@link #FILES} (an empty or missing part is an absent file). The seeds in
 * {@code DatasetFuzzTestInputs/loadDataset} are a few rows of the real seed data and of the embedded dataset.
 */
class DatasetFuzzTest {
    static final String[] FILES = {"tr_app.txt", "tr_l1.txt", "val_app.txt", "val_l1.txt", "val_l2.txt",
        "test_app.txt", "test_l1.txt", "test_l2.txt", "tr_l2.txt", "app.txt", "l1.txt", "l2.txt", "user.txt"};

    @TempDir
    Path dir;

    /** Each input is written out as a dataset directory and loaded (see {@link UntrustedInput} for what is checked). */
    @FuzzTest(maxDuration = "15s")
    void loadDataset(byte[] input) throws IOException {
        int start = 0;
        for (String name : FILES) {
            int end = start;
            while (end < input.length && input[end] != 0) {
                end++;
            }
            Path file = dir.resolve(name);
            if (end > start) {
                UntrustedInput.overwrite(file, Arrays.copyOfRange(input, start, end));
            } else {
                Files.deleteIfExists(file);
            }
            start = Math.min(end + 1, input.length);
        }
        UntrustedInput.check(SandwichException.class, input.length, () -> Dataset.load(dir).describe());
    }
}
