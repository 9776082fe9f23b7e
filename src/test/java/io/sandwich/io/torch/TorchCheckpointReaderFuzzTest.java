package io.sandwich.io.torch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sandwich.UntrustedInput;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of {@link TorchCheckpointReader} with Jazzer. The seeds in
 * {@code TorchCheckpointReaderFuzzTestInputs/readCheckpoint} are checkpoints written by real PyTorch in both formats
 * (copies of this package's fixtures, from scripts/test/make-torch-fixtures.py) and every input the fuzzer has found
 * failing. {@code mvn test} replays them and fuzzes for a few seconds (the surefire execution {@code fuzz}),
 * {@code scripts/dev/fuzz} fuzzes for long; {@code mvn test -Dtest=TorchCheckpointReaderFuzzTest} only replays them.
 */
class TorchCheckpointReaderFuzzTest {
    @TempDir
    Path dir;

    /** Each input is written to a file and read as a checkpoint (see {@link UntrustedInput} for what is checked). */
    @FuzzTest(maxDuration = "15s")
    void readCheckpoint(byte[] input) throws IOException {
        Path file = dir.resolve("fuzz.pt");
        UntrustedInput.overwrite(file, input);
        UntrustedInput.check(CheckpointFormatException.class, input.length, () -> TorchCheckpointReader.read(file));
    }
}
