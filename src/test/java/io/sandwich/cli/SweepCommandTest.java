package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.ChildProcess;
import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandwich sweep}: a sweep split over three processes and merged writes the same files, byte for byte, as
 * the sweep run whole; a resumed sweep reuses its runs; bad grids and merges are refused before anything trains.
 */
class SweepCommandTest {
    /** Four configurations, two seeds, early stopping: 8 small runs. */
    private static final List<String> SWEEP = List.of("sweep", "--model", "app2l1", "--grid", "lr=1e-3,3e-3",
            "--grid", "dropout1=0,0.2", "--seeds", "2", "--epochs", "4", "--patience", "1", "--hidden", "16,16",
            "--device", "cpu", "--quiet", "--threads", "1");
    private static final List<String> FILES = List.of("sweep.md", "sweep.json", "sweep.csv");

    @TempDir
    Path tmp;

    private static String[] sweep(String... more) {
        List<String> a = new ArrayList<>(SWEEP);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void threeShardsInThreeProcessesMergeIntoExactlyTheUnshardedSweep() throws Exception {
        Path whole = tmp.resolve("whole");
        Run r = run(sweep("--out", whole.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("[sweep 8/8]"), r.out());
        assertTrue(Files.exists(whole.resolve("sweep-heatmap.png")));

        List<ChildProcess> parts = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                parts.add(start(sweep("--shard", i + "/3", "--out", tmp.resolve("part" + i).toString())));
            }
            for (ChildProcess p : parts) {
                ChildProcess.Result part = p.waitFor(300);
                assertEquals(0, part.exit(), part.output());
            }
        } finally {
            for (ChildProcess p : parts) {
                p.close();
            }
        }
        assertEquals(List.of("c001-seed1.json", "c002-seed2.json", "c004-seed1.json"), runs(tmp.resolve("part1")),
                "part 1 holds runs 1, 4 and 7 of 8");
        assertFalse(Files.exists(tmp.resolve("part1/sweep.md")), "a part leaves the results to the merge");

        Run missing = run("sweep", "--merge", tmp.resolve("part1").toString(), tmp.resolve("part3").toString(),
                "--out", tmp.resolve("none").toString());
        assertEquals(1, missing.code());
        assertEquals("error: part 2/3 of the sweep is missing (given: 1/3, 3/3)", missing.err().strip());

        Path merged = tmp.resolve("merged");
        Run m = run("sweep", "--quiet", "--merge", tmp.resolve("part1").toString(), tmp.resolve("part2").toString(),
                tmp.resolve("part3").toString(), "--out", merged.toString());
        assertEquals(0, m.code(), m.err());
        for (String f : FILES) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(merged.resolve(f)), f);
        }
        assertEquals(runs(whole), runs(merged));

        // a part of another sweep (one configuration; its part 3 of 3 owns no run, so nothing trains)
        Path other = tmp.resolve("other");
        Run o = run("sweep", "--model", "app2l1", "--grid", "lr=1e-3", "--seeds", "1", "--hidden", "16,16", "--device",
                "cpu", "--quiet", "--shard", "3/3", "--out", other.toString());
        assertEquals(0, o.code(), o.err());
        Run mixed = run("sweep", "--merge", tmp.resolve("part1").toString(), tmp.resolve("part2").toString(),
                other.toString(), "--out", tmp.resolve("mixed").toString());
        assertEquals(1, mixed.code());
        assertTrue(mixed.err().startsWith("error: " + other + " holds a part of another sweep than "
                + tmp.resolve("part1") + " (grid {\"lr\":[\"1e-3\"]} instead of"), mixed.err());
    }

    @Test
    void aResumedSweepReusesItsRunsAndWritesTheSameResults() throws IOException {
        Path out = tmp.resolve("sweep");
        assertEquals(0, run(sweep("--out", out.toString())).code());
        String json = Files.readString(out.resolve("sweep.json"));
        Run again = run(sweep("--out", out.toString(), "--resume"));
        assertEquals(0, again.code(), again.err());
        assertEquals(8, again.out().split("\\(reused from runs/", -1).length - 1, again.out());
        assertEquals(json, Files.readString(out.resolve("sweep.json")));
    }

    @Test
    void aDivergingConfigurationIsReportedAndNeverChosen() throws IOException {
        Path out = tmp.resolve("diverging");
        Run r = run("sweep", "--model", "app2l1", "--grid", "lr=1e30,1e-3", "--seeds", "2", "--epochs", "1",
                "--hidden", "16,16", "--device", "cpu", "--quiet", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("lr=1e30 seed 1/2: diverged: training diverged in stage app2l1"), r.out());
        String md = Files.readString(out.resolve("sweep.md"));
        assertTrue(md.contains("| 1e30 | diverged in 2 of 2 seeds | 0.0 |  |"), md);
        assertTrue(md.contains("Chosen on validation accuracy alone: lr=1e-3 "), md);
        assertTrue(Files.readString(out.resolve("sweep.csv")).contains("\n1e30,NaN,NaN,0.0,2,false,,\n"));
    }

    @Test
    void badGridsAreRefusedBeforeAnythingTrains() {
        assertRefused("error: --grid momentum=0.9: cannot sweep \"momentum\" (options: lr, lr-e, lr-d, weight-decay,"
                + " batch, hidden, sandwich-hidden, decoder-hidden-layers, dropout, dropout1, dropout2, dropout3, loss,"
                + " epochs, patience)", "--grid", "momentum=0.9");
        assertRefused("error: --grid dropout1=1.5: expected dropout rates in [0, 1), found 1.5", "--grid",
                "dropout1=0,1.5");
        assertRefused("error: --grid lr=fast: expected a number, found \"fast\"", "--grid", "lr=fast");
        assertRefused("error: --grid dropout=0.1/0.2: expected three dropout rates separated by commas (in a grid"
                + " by slashes, e.g. 0.05/0.1/0.0), found 2", "--grid", "dropout=0.1/0.2");
        assertRefused("error: --grid lr=: expected a non-empty list of values separated by commas, found an empty"
                + " one", "--grid", "lr=");
        assertRefused("error: --grid batch=0: expected a batch size of at least 1, found 0", "--grid", "batch=0");
        assertRefused("error: --grid: sweep either dropout or dropout1..3, not both", "--grid",
                "dropout=0/0/0", "--grid", "dropout2=0.1");
        assertRefused("error: --shard 4/3: expected I/N with 1 <= I <= N", "--grid", "lr=1e-3", "--shard", "4/3");
        assertRefused("error: --merge combines finished parts as they were run; drop --model, --device, --grid (allowed"
                + " with it: --out, --overwrite, --quiet)", "--grid", "lr=1e-3", "--merge", tmp.toString());
        Run noModel = run("sweep", "--grid", "lr=1e-3", "--out", tmp.resolve("x").toString());
        assertEquals("error: expected --model M (app2l1, no-transfer, baseline, autoencoder or bidirectional), or"
                + " --merge DIR...", noModel.err().strip());
    }

    private void assertRefused(String error, String... args) {
        Path out = tmp.resolve("refused");
        List<String> a = new ArrayList<>(List.of("sweep", "--model", "app2l1", "--device", "cpu", "--out",
                out.toString()));
        a.addAll(List.of(args));
        Run r = run(a.toArray(String[]::new));
        assertEquals(1, r.code(), r.out());
        assertEquals(error, r.err().strip());
        assertFalse(Files.exists(out.resolve("runs")), "nothing trained");
    }

    private static List<String> runs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static ChildProcess start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(ChildProcess.java(Main.class, "-Xmx512m", "-Djava.awt.headless=true"));
        cmd.addAll(List.of(args));
        return ChildProcess.start(cmd, java.util.Map.of());
    }
}
