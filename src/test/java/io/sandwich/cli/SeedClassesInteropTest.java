package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sandwich.ChildProcess;
import io.sandwich.RealTorch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the seed's layouts at their real sizes, saves them, and has real PyTorch load each file into the seed's
 * own classes ({@code scripts/test/check-seed-classes.py}) and run the same rows; skipped where PyTorch is missing.
 */
class SeedClassesInteropTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTorch() {
        RealTorch.assume();
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
        ChildProcess.Result py = RealTorch.python(300, "scripts/test/check-seed-classes.py", saved.toString(),
                seedClass, "data/embedded/test_app.txt", pred.toString());
        assertEquals(0, py.exit(), py.output());
    }

    @org.junit.jupiter.api.Test
    void aCheckpointsWeightsLoadIntoTheSeedsNetAndItsOptimizerStateIntoTorch() throws Exception {
        Path out = tmp.resolve("ck");
        CliTest.Run r = CliTest.run("train", "--model", "app2l1", "--epochs", "1", "--device", "cpu", "--quiet",
                "--out", out.toString(), "--checkpoint-every", "1");
        assertEquals(0, r.code(), r.err());
        Path ckpt = out.resolve("checkpoints").resolve("ckpt-000001");
        Path pred = tmp.resolve("pred.txt");
        CliTest.Run p = CliTest.run("predict", "--weights", ckpt.resolve("model.pt").toString(), "--input",
                "data/embedded/test_app.txt", "--output", pred.toString(), "--device", "cpu");
        assertEquals(0, p.code(), p.err());
        for (String file : List.of("model.pt", "best.pt")) {
            ChildProcess.Result py = RealTorch.python(300, "scripts/test/check-seed-classes.py",
                    ckpt.resolve(file).toString(), "net", "data/embedded/test_app.txt", pred.toString());
            assertEquals(0, py.exit(), file + ": " + py.output());
        }
        String check = "import torch, sys\n"
                + "o = torch.load(sys.argv[1], weights_only=True)\n"
                + "n = sum(p.numel() for p in torch.load(sys.argv[2], weights_only=True).values())\n"
                + "assert sorted(o) == ['net0.slot0.exp_avg', 'net0.slot0.exp_avg_sq'], sorted(o)\n"
                + "assert all(v.shape == (n,) and v.dtype == torch.float32 for v in o.values())\n"
                + "assert (o['net0.slot0.exp_avg_sq'] >= 0).all()\n";
        ChildProcess.Result py = RealTorch.python(300, "-c", check, ckpt.resolve("optimizer.pt").toString(),
                ckpt.resolve("model.pt").toString());
        assertEquals(0, py.exit(), py.output());
    }
}
