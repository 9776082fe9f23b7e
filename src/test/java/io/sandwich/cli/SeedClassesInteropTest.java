package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the seed's layouts at their real sizes, saves them, and has real PyTorch load each file into the seed's
 * own classes ({@code scripts/check_seed_classes.py}) and run the same rows; skipped where PyTorch is missing.
 */
class SeedClassesInteropTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTorch() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                "real PyTorch (/usr/bin/python3 with torch) is not installed");
    }

    @ParameterizedTest(name = "{0} saved as {2}, loaded into the seed's {1}")
    @CsvSource({"app2l1,net,zip", "no-transfer,net2,legacy", "baseline,addlayers,zip", "baseline,addlayers,legacy"})
    void seedClassesLoadOurFilesAndAgree(String model, String seedClass, String format) throws Exception {
        Path out = tmp.resolve(model);
        Path saved = tmp.resolve(model + "." + format + ".pt");
        CliTest.Run r = CliTest.run("train", "--model", model, "--epochs", "1", "--device", "cpu", "--quiet",
                "--out", out.toString(), "--save", saved.toString(), "--save-format", format);
        assertEquals(0, r.code(), r.err());
        Path pred = tmp.resolve("pred.txt");
        CliTest.Run p = CliTest.run("predict", "--weights", saved.toString(), "--input", "data/embedded/test_app.txt",
                "--output", pred.toString(), "--device", "cpu");
        assertEquals(0, p.code(), p.err());
        Process py = new ProcessBuilder(List.of("/usr/bin/python3", "scripts/check_seed_classes.py", saved.toString(),
                seedClass, "data/embedded/test_app.txt", pred.toString())).redirectErrorStream(true).start();
        String text = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, py.waitFor(), text);
    }
}
