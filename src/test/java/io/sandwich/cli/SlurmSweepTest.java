package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.ChildProcess;
import io.sandwich.Requirement;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/slurm-sweep} against a real Slurm: a single-node cluster from Debian's slurm-wlm and munge
 * ({@code scripts/dev/slurm-local}, its own folders and ports, its daemons stopped by pid), a sweep in 3 parts with
 * one task requeued while it trains, and the merged sweep compared byte for byte with the unsharded one.
 */
class SlurmSweepTest {
    private static final List<String> SWEEP = List.of("--model", "app2l1", "--data", Path.of("data/embedded")
            .toAbsolutePath().toString(), "--grid", "lr=1e-3,3e-3,1e-2", "--seeds", "2", "--epochs", "8", "--hidden",
            "512,512"); // 6 runs of about 2.5 s: time to requeue a task in the middle of one

    @TempDir
    static Path tmp;
    private static Path cluster;
    private static Map<String, String> env;

    @BeforeAll
    static void startCluster() throws Exception {
        for (String tool : List.of("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol")) {
            Requirement.SLURM.assume(ChildProcess.has(tool), tool + " is needed (apt-get install slurm-wlm munge)");
        }
        Requirement.SLURM.assume("root".equals(System.getProperty("user.name")), "the local cluster runs as root");
        cluster = tmp.resolve("cluster");
        int[] ports = freePorts();
        long t0 = System.nanoTime();
        ChildProcess.Result up = ChildProcess.run(List.of("scripts/dev/slurm-local", "start", cluster.toString(),
                Integer.toString(ports[0]), Integer.toString(ports[1])), 60);
        assertEquals(0, up.exit(), up.output());
        System.out.printf("slurm: a single-node cluster up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        env = new HashMap<>(Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString(), "SANDWICH",
                sandwich().toString()));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            ChildProcess.Result down = ChildProcess.run(List.of("scripts/dev/slurm-local", "stop", cluster.toString()),
                    60);
            assertEquals(0, down.exit(), down.output());
        }
    }

    /** The sandwich command the jobs run: this JVM's java and class path, as scripts/sandwich runs the jar. */
    private static Path sandwich() throws IOException {
        Path p = tmp.resolve("sandwich");
        String cmd = ChildProcess.java(Main.class, "-Xmx1g", "-Djava.awt.headless=true").stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Files.writeString(p, "#!/usr/bin/env bash\nexec " + cmd + " \"$@\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    private static ChildProcess.Result slurm(List<String> cmd, int seconds) throws Exception {
        return ChildProcess.run(cmd, env, seconds);
    }

    private static List<String> slurmSweep(int parts, Path out, String... sweepOptions) {
        List<String> cmd = new ArrayList<>(List.of("scripts/slurm-sweep", "--parts", Integer.toString(parts),
                "--sbatch", "--cpus-per-task=1", "--"));
        cmd.addAll(SWEEP);
        cmd.addAll(List.of(sweepOptions));
        cmd.addAll(List.of("--out", out.toString()));
        return cmd;
    }

    private static String jobs() throws Exception {
        return slurm(List.of("squeue", "-h", "-o", "%i"), 30).output().strip().replace('\n', ' ');
    }

    /** A job's state and the reason it waits, as squeue gives them ("PENDING BeginTime"); empty once it is gone. */
    private static String state(String job) throws Exception {
        return slurm(List.of("squeue", "-h", "-j", job, "-o", "%T %r"), 30).output().strip();
    }

    @Test
    void aSweepInThreePartsWithATaskRequeuedWhileTrainingMergesToTheUnshardedSweep() throws Exception {
        long t0 = System.nanoTime();
        Path out = tmp.resolve("sweep");
        ChildProcess.Result submitted = slurm(slurmSweep(3, out), 120);
        assertEquals(0, submitted.exit(), submitted.output());
        Matcher ids = Pattern.compile("submitted the array (\\d+) .* merge job (\\d+) ").matcher(submitted.output());
        assertTrue(ids.find(), submitted.output());
        String array = ids.group(1);
        String merge = ids.group(2);
        assertTrue(submitted.output().contains("squeue -j " + array + "," + merge), submitted.output());

        // task 2 is training its first run once that run has a checkpoint: requeue it then, as a preemption would
        Path checkpoints = out.resolve("parts/2/checkpoints");
        waitFor(() -> hasCheckpoint(checkpoints), 90, "a checkpoint of part 2");
        ChildProcess.Result requeue = slurm(List.of("scontrol", "requeue", array + "_2"), 30);
        assertEquals(0, requeue.exit(), requeue.output());
        // Slurm holds a requeued job back for two minutes (its begin time); once it is pending again, let it start
        String task = array + "_2";
        waitFor(() -> state(task).startsWith("PENDING"), 60, "the requeued task to be pending");
        waitFor(() -> slurm(List.of("scontrol", "update", "JobId=" + task, "StartTime=now"), 30).exit() == 0
                && !state(task).endsWith("BeginTime"), 30, "the requeued task's new start time");
        waitFor(() -> jobs().isEmpty(), 120, "the array and the merge job");

        String log = Files.readString(out.resolve("slurm/part-2.log"));
        System.out.println("slurm: part 2's log, requeued while it trained:\n" + log.strip());
        assertTrue(log.contains("DUE TO JOB REQUEUE"), log);
        assertTrue(log.contains("stopped: cancelled in stage app2l1"), log);
        assertTrue(log.contains("resuming from " + checkpoints), log);
        assertTrue(log.contains("part finished: 2 runs"), log);
        assertTrue(Files.readString(out.resolve("slurm/merge.log")).contains("best: "), "merged");
        assertFalse(Files.exists(checkpoints) && hasCheckpoint(checkpoints), "a finished run's checkpoints go");
        double cluster = (System.nanoTime() - t0) / 1e9;

        Path whole = tmp.resolve("whole");
        List<String> unsharded = new ArrayList<>(ChildProcess.java(Main.class, "-Xmx1g", "-Djava.awt.headless=true"));
        unsharded.add("sweep");
        unsharded.addAll(SWEEP);
        unsharded.addAll(List.of("--threads", "1", "--quiet", "--out", whole.toString()));
        ChildProcess.Result one = ChildProcess.run(unsharded, 300);
        assertEquals(0, one.exit(), one.output());
        for (String f : List.of("sweep.md", "sweep.json", "sweep.csv")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        System.out.printf("slurm: submitted, requeued, resumed and merged in %.1f s; the unsharded sweep took %.1f s%n",
                cluster, (System.nanoTime() - t0) / 1e9 - cluster);

        // the same options again: OUT holds a finished sweep now, refused before anything is submitted
        ChildProcess.Result again = slurm(slurmSweep(3, out), 120);
        assertNotEquals(0, again.exit());
        assertTrue(again.output().contains("holds a finished sweep"), again.output());
        assertEquals("", jobs());
    }

    @Test
    void whatSlurmSweepRefusesIsRefusedBeforeAnythingIsSubmitted() throws Exception {
        String before = jobs();
        Path out = tmp.resolve("refused");
        ChildProcess.Result badGrid = slurm(slurmSweep(2, out, "--grid", "dropout1=0,1.5"), 120);
        assertNotEquals(0, badGrid.exit(), badGrid.output());
        assertTrue(badGrid.output().contains("expected dropout rates in [0, 1), found 1.5"), badGrid.output());
        ChildProcess.Result tooMany = slurm(slurmSweep(8, out), 120);
        assertNotEquals(0, tooMany.exit(), tooMany.output());
        assertTrue(tooMany.output().contains("--parts 8 is more than the sweep's 6 runs"), tooMany.output());
        ChildProcess.Result noParts = slurm(List.of("scripts/slurm-sweep", "--parts", "0", "--", "--out", "x"), 30);
        assertTrue(noParts.output().contains("expected --parts N with N >= 1, found '0'"), noParts.output());
        ChildProcess.Result noOut = slurm(List.of("scripts/slurm-sweep", "--parts", "2", "--", "--model", "app2l1"),
                30);
        assertTrue(noOut.output().contains("expected --out OUT among the sweep options"), noOut.output());
        Path bin = Files.createDirectories(tmp.resolve("no-slurm-bin"));
        Files.createSymbolicLink(bin.resolve("dirname"), Path.of("/usr/bin/dirname"));
        Map<String, String> noSbatch = new HashMap<>(env);
        noSbatch.put("PATH", bin.toString());
        ChildProcess.Result none = ChildProcess.run(List.of("/bin/bash", "scripts/slurm-sweep", "--parts", "2", "--",
                "--out", "x"), noSbatch, 30);
        assertTrue(none.output().contains("no sbatch on the PATH"), none.output());
        assertFalse(Files.exists(out.resolve("slurm")), "nothing written");
        assertEquals(before, jobs(), "nothing submitted");
    }

    private static boolean hasCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("ckpt-"));
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition c, int seconds, String what) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + seconds + " s for " + what + "; jobs: " + jobs());
            }
            Thread.sleep(200);
        }
    }
}
