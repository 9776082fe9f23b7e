package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static io.sandwich.cli.CliTest.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.cli.CliTest.Run;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code train --checkpoint-every} and {@code --resume} in-process: every model, resumed from its next-to-last
 * checkpoint (finished stages restored from the checkpoint, the last one continued), ends with exactly the
 * weights of a run without checkpoints; bad uses give one clear line.
 */
class TrainResumeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"app2l1", "autoencoder", "bidirectional"})
    void resumedRunsEndWithTheWeightsOfAnUninterruptedOne(String model) throws IOException {
        Path plain = tmp.resolve("plain");
        Run r = run(small("train", "--model", model, "--epochs", "2", "--out", plain.toString()));
        assertEquals(0, r.code(), r.err());

        Path out = tmp.resolve("checkpointed");
        r = run(small("train", "--model", model, "--epochs", "2", "--out", out.toString(), "--checkpoint-every", "1"));
        assertEquals(0, r.code(), r.err());
        assertSameWeights(plain.resolve("model.pt"), out.resolve("model.pt"));
        Path ckpts = out.resolve("checkpoints");
        List<Path> kept = list(ckpts);
        assertEquals(2, kept.size(), "the newest two are kept: " + kept);

        // as if the process had died after the next-to-last checkpoint
        deleteTree(kept.get(1));
        Files.delete(out.resolve("model.pt"));
        unfinish(out);
        Run resumed = run("train", "--resume", out.toString(), "--quiet", "--threads", "2", "--device", "cpu");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().startsWith("resuming from " + kept.get(0)), resumed.out());
        assertSameWeights(plain.resolve("model.pt"), out.resolve("model.pt"));
        assertEquals(Files.readAllLines(plain.resolve("epochs.jsonl")).size(),
                Files.readAllLines(out.resolve("epochs.jsonl")).size());
    }

    @Test
    void earlyStoppingEndsAResumedRunWhereTheUninterruptedOneEnded() throws IOException {
        String[] args = {"train", "--model", "baseline", "--epochs", "40", "--patience", "2"};
        Path plain = tmp.resolve("plain");
        Run r = run(small(concat(args, "--out", plain.toString())));
        assertEquals(0, r.code(), r.err());
        JsonObject result = JsonParser.parseString(Files.readString(plain.resolve("result.json"))).getAsJsonObject();
        int trained = result.get("epochs_trained").getAsInt();
        assertTrue(trained < 80, "both stages stopped early: " + trained + " epochs");
        assertTrue(result.get("notes").toString().contains("baseline stopped early at epoch"), result.toString());

        Path out = tmp.resolve("checkpointed");
        r = run(small(concat(args, "--out", out.toString(), "--checkpoint-every", "1")));
        assertEquals(0, r.code(), r.err());
        List<Path> kept = list(out.resolve("checkpoints"));
        // as if the process had died just before the epoch it stopped at: the resumed run must count its patience
        // from the stored best epoch, not from where it resumed
        deleteTree(kept.get(1));
        Files.delete(out.resolve("model.pt"));
        unfinish(out);
        Run resumed = run("train", "--resume", out.toString(), "--quiet", "--threads", "2", "--device", "cpu");
        assertEquals(0, resumed.code(), resumed.err());
        assertSameWeights(plain.resolve("model.pt"), out.resolve("model.pt"));
        assertEquals(epochs(plain).size(), epochs(out).size(), "epochs run");
        assertEquals(epochs(plain), epochs(out));
    }

    /** A run's epochs.jsonl without the epochs' wall times. */
    private static List<JsonObject> epochs(Path run) throws IOException {
        return Files.readAllLines(run.resolve("epochs.jsonl")).stream().map(line -> {
            JsonObject j = JsonParser.parseString(line).getAsJsonObject();
            j.remove("seconds");
            return j;
        }).toList();
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void badUsesGiveOneLine() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, run(small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString(),
                "--checkpoint-every", "1")).code());
        unfinish(out);

        Run changed = run("train", "--resume", out.toString(), "--lr", "0.1");
        assertEquals(1, changed.code());
        assertEquals("error: --resume continues a run with the settings it started with; drop --lr (allowed with it:"
                + " --device, --threads, --tf32, --bf16, --spmm, --no-graphs, --quiet)", changed.err().strip());

        Run again = run(small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString(),
                "--checkpoint-every", "1"));
        assertEquals(1, again.code());
        Path first = out.resolve("checkpoints").resolve("ckpt-000001");
        assertEquals("error: --out " + out + " holds the checkpoints of an unfinished run (" + first + "); continue it"
                + " with train --resume " + out + ", replace it with --overwrite, or choose another --out",
                again.err().strip());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run nothing = run("train", "--resume", empty.toString());
        assertEquals(1, nothing.code());
        assertTrue(nothing.err().startsWith("error: " + empty + ": no checkpoint to resume from"), nothing.err());

        Run missing = run("train", "--resume", tmp.resolve("nowhere").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("expected a checkpoint folder, found nothing"), missing.err());

        Map<Path, String> original = new HashMap<>();
        for (Path ckpt : list(out.resolve("checkpoints"))) {
            Path st = ckpt.resolve("state.json");
            original.put(st, Files.readString(st));
            JsonObject state = JsonParser.parseString(original.get(st)).getAsJsonObject();
            JsonObject commandLine = new JsonObject();
            commandLine.addProperty("command", "train");
            commandLine.add("args", new JsonArray());
            state.add("settings", commandLine);
            Files.writeString(st, state.toString());
        }
        Run before = run("train", "--resume", out.toString());
        assertEquals(1, before.code());
        assertTrue(before.err().contains("written by an earlier version of sandwich, whose checkpoints held a command"
                + " line instead of a run record; start the run again"), before.err());
        for (Map.Entry<Path, String> e : original.entrySet()) {
            JsonObject state = JsonParser.parseString(e.getValue()).getAsJsonObject();
            state.getAsJsonObject("settings").remove("outputs");
            Files.writeString(e.getKey(), state.toString());
        }
        Run noOutputs = run("train", "--resume", out.toString());
        assertEquals(1, noOutputs.code());
        assertTrue(noOutputs.err().startsWith("error: " + out.resolve("checkpoints").toAbsolutePath() + ": the"
                + " checkpoint's settings and output paths are not readable by this version"), noOutputs.err());
        assertEquals(1, noOutputs.err().strip().lines().count(), noOutputs.err());
        for (Map.Entry<Path, String> e : original.entrySet()) {
            Files.writeString(e.getKey(), e.getValue());
        }

        for (Path ckpt : list(out.resolve("checkpoints"))) {
            Path st = ckpt.resolve("state.json");
            Files.writeString(st, Files.readString(st).replace("sandwich-checkpoint/2", "sandwich-checkpoint/1"));
        }
        Run old = run("train", "--resume", out.toString());
        assertEquals(1, old.code());
        assertTrue(old.err().contains("found \"sandwich-checkpoint/1\" (written by an earlier version"), old.err());

        Path state = list(out.resolve("checkpoints")).get(0).resolve("state.json");
        Files.writeString(state, "{\"format\": \"sandwich-checkpoint/2\", \"every\": ");
        Run broken = run("train", "--resume", out.toString());
        assertEquals(1, broken.code());
        assertTrue(broken.err().startsWith("error: " + state + ": could not read the checkpoint state"), broken.err());
        assertEquals(1, broken.err().strip().lines().count(), broken.err());

        Run zero = run(small("train", "--model", "app2l1", "--out", tmp.resolve("z").toString(),
                "--checkpoint-every", "0"));
        assertEquals(1, zero.code());
        assertTrue(zero.err().contains("expected --checkpoint-every N with N >= 1, found 0"), zero.err());

        Run noModel = run("train", "--epochs", "1");
        assertEquals(1, noModel.code());
        assertTrue(noModel.err().startsWith("error: expected --model M"), noModel.err());
    }

    @Test
    void resumingOnAnotherBackendSaysTheResultWillNotBeBitIdentical() throws IOException {
        Path out = tmp.resolve("elsewhere");
        assertEquals(0, run(small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString(),
                "--checkpoint-every", "1")).code());
        unfinish(out);
        Path state = list(out.resolve("checkpoints")).get(0).resolve("state.json");
        JsonObject j = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
        j.getAsJsonObject("settings").getAsJsonObject("run").getAsJsonObject("backend").addProperty("device", "gpu0");
        Files.writeString(state, j.toString());
        Run resumed = run("train", "--resume", out.toString(), "--device", "cpu", "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals("this run will not end bit-identical to an uninterrupted one: it was checkpointed on gpu0, it"
                + " continues on cpu", resumed.err().strip());
    }

    @Test
    void changedDataIsRefused() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        try (Stream<Path> files = Files.list(Path.of("data/embedded"))) {
            for (Path f : files.toList()) {
                Files.copy(f, data.resolve(f.getFileName()));
            }
        }
        Path out = tmp.resolve("run");
        Run r = run(small("train", "--model", "app2l1", "--epochs", "1", "--out", out.toString(), "--data",
                data.toString(), "--checkpoint-every", "1"));
        assertEquals(0, r.code(), r.err());
        unfinish(out);
        Path val = data.resolve("val_l1.txt");
        List<String> rows = Files.readAllLines(val);
        rows.set(0, rows.get(1));
        Files.write(val, rows);
        Run resumed = run("train", "--resume", out.toString());
        assertEquals(1, resumed.code());
        assertEquals("error: the data in " + data.toAbsolutePath() + " changed since the run started; a resumed run"
                + " must continue on the same data from the same weights", resumed.err().strip());
    }

    @Test
    void aChangedInitFileIsRefused() throws IOException {
        Path first = tmp.resolve("first");
        assertEquals(0, run(small("train", "--model", "app2l1", "--epochs", "1", "--out", first.toString())).code());
        Path init = tmp.resolve("init.pt");
        Files.copy(first.resolve("model.pt"), init);
        Path out = tmp.resolve("second");
        Run r = run(small("train", "--model", "baseline", "--epochs", "1", "--out", out.toString(), "--init-from",
                init.toString(), "--checkpoint-every", "1"));
        assertEquals(0, r.code(), r.err());
        unfinish(out);
        Files.write(init, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Run resumed = run("train", "--resume", out.toString());
        assertEquals(1, resumed.code());
        assertTrue(resumed.err().startsWith("error: the init-from file " + init.toAbsolutePath() + " changed since"
                + " the run started"), resumed.err());
    }

    @Test
    void divergenceNamesTheEpochAndStepAndSaysThereIsNoCheckpoint() {
        Run r = run(small("train", "--model", "app2l1", "--epochs", "2", "--lr", "1e30", "--out",
                tmp.resolve("diverged").toString()));
        assertEquals(1, r.code());
        assertTrue(r.err().matches("(?s)error: training diverged in stage app2l1 at epoch 1, step \\d+ of 47: the loss"
                + " is (NaN|Infinity|-Infinity); no checkpoint was written \\(--checkpoint-every N keeps one\\);"
                + " try a lower learning rate \\(--lr\\) or another loss\\s*"), r.err());
    }

    /** As if the run had been killed before it wrote its result. */
    private static void unfinish(Path out) throws IOException {
        Files.delete(out.resolve("result.json"));
    }

    static void assertSameWeights(Path expected, Path actual) {
        StateDict a = TorchCheckpointReader.read(expected);
        StateDict b = TorchCheckpointReader.read(actual);
        assertEquals(a.names(), b.names());
        for (String name : a.names()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ckpt-")).sorted().toList();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
