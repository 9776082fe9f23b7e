package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static io.sandwich.cli.CliTest.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce --resume} reuses the runs finished before a stop, and only those with the same settings. */
class ReproduceResumeTest {
    @TempDir
    Path tmp;

    private static final List<String> ARGS = List.of("reproduce", "--epochs", "1", "--seeds", "1", "--protocol",
            "clean", "--no-soft-ce");

    private Run reproduce(Path out, String... more) {
        String[] a = small(ARGS.toArray(String[]::new));
        List<String> all = new java.util.ArrayList<>(List.of(a));
        all.addAll(List.of("--out", out.toString()));
        all.addAll(List.of(more));
        return run(all.toArray(String[]::new));
    }

    private static JsonArray rows(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("table1.json"))).getAsJsonObject()
                .getAsJsonObject("clean").getAsJsonArray("rows");
    }

    @Test
    void aStoppedReproductionContinuesWithTheSameTable() throws IOException {
        Path out = tmp.resolve("rep");
        Run first = reproduce(out);
        assertEquals(0, first.code(), first.err());
        JsonArray table = rows(out);
        Path runs = out.resolve("runs");
        try (var s = Files.list(runs)) {
            assertEquals(5, s.count(), "one file per trained run");
        }
        Run again = reproduce(out);
        assertEquals(1, again.code());
        assertEquals("error: --out " + out + " holds a finished reproduction (table1.json); continue it with --resume,"
                + " replace it with --overwrite, or choose another --out", again.err().strip());

        // as if stopped before the last row finished
        Files.delete(runs.resolve("clean-bidirectional-masked-seed1.json"));
        Files.delete(out.resolve("table1.json"));
        Run stopped = reproduce(out);
        assertEquals(1, stopped.code());
        assertTrue(stopped.err().startsWith("error: --out " + out + " holds a finished reproduction ("
                + Path.of("runs", "clean-autoencoder-masked-seed1.json") + ")"), stopped.err());

        Run resumed = reproduce(out, "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(4, resumed.out().split("\\(reused from runs/", -1).length - 1, resumed.out());
        String retrained = resumed.out().lines().filter(l -> l.contains("bi-directional autoencoders + masked"))
                .findFirst().orElseThrow();
        assertTrue(retrained.contains("seed 1/1: test accuracy") && !retrained.contains("reused"), retrained);
        assertEquals(table, rows(out), "the same table");

        byte[] stored = Files.readAllBytes(runs.resolve("clean-no-transfer-mse-seed1.json"));
        Run other = reproduce(out, "--resume", "--lr", "2e-3");
        assertEquals(1, other.code(), other.out());
        assertTrue(other.err().startsWith("error: " + runs.resolve("clean-no-transfer-mse-seed1.json") + ": a finished"
                + " run whose settings differ from these (lr 0.002 instead of 0.001; lr_e 0.002 instead of 0.001;"),
                other.err());
        assertArrayEquals(stored, Files.readAllBytes(runs.resolve("clean-no-transfer-mse-seed1.json")), "kept");

        Run replaced = reproduce(out, "--overwrite", "--lr", "2e-3");
        assertEquals(0, replaced.code(), replaced.err());
        assertFalse(replaced.out().contains("reused"), "all trained again: " + replaced.out());

        Files.writeString(runs.resolve("clean-baseline-masked-seed1.json"), "{\"fingerprint\": 3");
        Run broken = reproduce(out, "--resume", "--lr", "2e-3");
        assertEquals(1, broken.code());
        assertTrue(broken.err().startsWith("error: " + runs.resolve("clean-baseline-masked-seed1.json")
                + ": not a finished run"), broken.err());
    }
}
