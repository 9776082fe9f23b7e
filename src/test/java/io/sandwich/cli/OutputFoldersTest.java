package io.sandwich.cli;

import static io.sandwich.cli.CliTest.cpu;
import static io.sandwich.cli.CliTest.run;
import static io.sandwich.cli.CliTest.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder that holds a finished result is refused by every command that writes one, in one sentence naming the file
 * and the ways out, and loses nothing; {@code --overwrite} replaces it, but only once the new run really starts. Each
 * command takes only the options it uses.
 */
class OutputFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void trainRefusesAFinishedRunAndLosesNothingUntilAnOverwriteStarts() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, run(small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString())).code());
        byte[] result = Files.readAllBytes(out.resolve("result.json"));
        byte[] model = Files.readAllBytes(out.resolve("model.pt"));

        Run again = run(small("train", "--model", "app2l1", "--epochs", "1", "--seed", "2", "--out", out.toString()));
        assertEquals(1, again.code());
        assertEquals("error: --out " + out + " holds a finished run (result.json); replace it with --overwrite, or"
                + " choose another --out", again.err().strip());
        assertUnchanged(out, result, model);

        Run badData = run(small("train", "--model", "app2l1", "--epochs", "1", "--seed", "2", "--out", out.toString(),
                "--overwrite", "--data", tmp.resolve("missing").toString()));
        assertEquals(1, badData.code());
        assertUnchanged(out, result, model); // the new run never started

        Run resumed = run("train", "--resume", out.toString());
        assertEquals(1, resumed.code());
        assertTrue(resumed.err().contains("expected a checkpoint folder") || resumed.err().contains("no checkpoint"),
                resumed.err());

        Run replaced = run(small("train", "--model", "app2l1", "--epochs", "1", "--seed", "2", "--out",
                out.toString(), "--overwrite"));
        assertEquals(0, replaced.code(), replaced.err());
        assertFalse(java.util.Arrays.equals(model, Files.readAllBytes(out.resolve("model.pt"))), "seed 2's weights");
        assertTrue(Files.readString(out.resolve("result.json")).contains("\"seed\": 2"));
    }

    @Test
    void aFinishedCheckpointedRunHasNothingToResume() throws IOException {
        Path out = tmp.resolve("ck");
        assertEquals(0, run(small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString(),
                "--checkpoint-every", "1")).code());
        byte[] result = Files.readAllBytes(out.resolve("result.json"));
        Run resumed = run("train", "--resume", out.toString(), "--device", "cpu");
        assertEquals(1, resumed.code());
        assertEquals("error: --out " + out.toAbsolutePath() + " holds a finished run (result.json): it has ended, and"
                + " there is nothing to resume", resumed.err().strip());
        assertArrayEquals(result, Files.readAllBytes(out.resolve("result.json")));

        Run replaced = run(small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString(),
                "--checkpoint-every", "1", "--overwrite"));
        assertEquals(0, replaced.code(), replaced.err());
    }

    @Test
    void anExistingSaveFileIsKeptUnlessOverwritten() throws IOException {
        Path saved = Files.writeString(tmp.resolve("weights.pkl"), "someone's weights");
        Run r = run(small("train", "--model", "app2l1", "--epochs", "1", "--out", tmp.resolve("a").toString(),
                "--save", saved.toString()));
        assertEquals(1, r.code());
        assertEquals("error: --save " + saved + " exists; replace it with --overwrite, or choose another file",
                r.err().strip());
        assertEquals("someone's weights", Files.readString(saved));
        assertFalse(Files.exists(tmp.resolve("a")), "nothing written");
    }

    @Test
    void sweepAndMergeRefuseAFinishedSweep() throws IOException {
        Path out = tmp.resolve("sweep");
        String[] sweep = small("sweep", "--model", "app2l1", "--grid", "lr=1e-3,2e-3", "--seeds", "1", "--epochs",
                "1", "--out", out.toString());
        assertEquals(0, run(sweep).code());
        byte[] json = Files.readAllBytes(out.resolve("sweep.json"));
        Run again = run(sweep);
        assertEquals(1, again.code());
        assertEquals("error: --out " + out + " holds a finished sweep (sweep.json); continue it with --resume, replace"
                + " it with --overwrite, or choose another --out", again.err().strip());
        assertArrayEquals(json, Files.readAllBytes(out.resolve("sweep.json")));
        Run both = run(concat(sweep, "--resume", "--overwrite"));
        assertEquals("error: --resume continues the result in the output folder and --overwrite replaces it; choose"
                + " one", both.err().strip());
        assertEquals(0, run(concat(sweep, "--resume")).code(), "a finished sweep is assembled again from its runs");

        Path part = tmp.resolve("part");
        assertEquals(0, run(small("sweep", "--model", "app2l1", "--grid", "lr=1e-3,2e-3", "--seeds", "1", "--epochs",
                "1", "--shard", "1/1", "--out", part.toString())).code());
        Run merge = run("sweep", "--merge", part.toString(), "--out", out.toString());
        assertEquals(1, merge.code());
        assertEquals("error: --out " + out + " holds a finished sweep (sweep.json); replace it with --overwrite, or"
                + " choose another --out", merge.err().strip());
        Run intoPart = run("sweep", "--merge", part.toString(), "--out", part.toString(), "--overwrite");
        assertEquals("error: --out " + part + " is one of the parts; merge into another folder",
                intoPart.err().strip());
        assertTrue(Files.isDirectory(part.resolve("runs")), "the part is kept");
        assertEquals(0, run("sweep", "--merge", part.toString(), "--out", out.toString(), "--overwrite").code());
    }

    @Test
    void generateRefusesAFolderHoldingADataset() throws IOException {
        Path out = tmp.resolve("gen");
        assertEquals(0, run("generate", "--users", "200", "--out", out.toString()).code());
        byte[] app = Files.readAllBytes(out.resolve("tr_app.txt"));
        Run again = run("generate", "--users", "300", "--out", out.toString());
        assertEquals(1, again.code());
        assertEquals("error: --out " + out + " holds a dataset (tr_app.txt); replace it with --overwrite, or choose"
                + " another --out", again.err().strip());
        assertArrayEquals(app, Files.readAllBytes(out.resolve("tr_app.txt")));
        assertEquals(0, run("generate", "--users", "300", "--out", out.toString(), "--overwrite").code());
        assertNotEquals(app.length, Files.size(out.resolve("tr_app.txt")));
    }

    @Test
    void predictAndEvaluateTakeOnlyTheOptionsTheyUse() {
        for (String option : List.of("--hidden", "--batch", "--quiet", "--no-graphs", "--lr")) {
            List<String> value = option.equals("--quiet") || option.equals("--no-graphs") ? List.of()
                    : List.of("3");
            String[] args = concat(cpu("predict", "--weights", "w.pt", "--input", "in.txt", "--output", "o.txt",
                    option), value.toArray(String[]::new));
            Run r = run(args);
            assertEquals(2, r.code(), option);
            assertTrue(r.err().startsWith("error: Unknown option") && r.err().contains("'" + option + "'"), r.err());
        }
        for (String option : List.of("--hidden", "--batch", "--quiet")) {
            Run r = run(cpu("evaluate", "--weights", "w.pt", option, "3"));
            assertEquals(2, r.code(), option);
            assertTrue(r.err().startsWith("error: Unknown option"), r.err());
        }
    }

    private static void assertUnchanged(Path out, byte[] result, byte[] model) throws IOException {
        assertArrayEquals(result, Files.readAllBytes(out.resolve("result.json")), "result.json kept");
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.pt")), "model.pt kept");
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray(String[]::new);
    }
}
