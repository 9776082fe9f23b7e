package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.ChildProcess;
import io.sandwich.api.PausingTrain;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real training processes with SIGKILL, mid-run and in the middle of a checkpoint write, resumes them in a
 * new process and checks that the final weights are bit-identical to those of a run that was never interrupted.
 * The uninterrupted run and the resumed ones go through the command line; the killed ones through the api
 * ({@link PausingTrain}, the same settings), which passes the pause in the middle of a checkpoint as a hook. While a
 * run holds its output folder a second process is refused at once, and the lock dies with the killed holder.
 */
class TrainKillTest {
    /** Two stages of 4 epochs with a checkpoint after each epoch: 8 checkpoints. */
    private static final List<String> RUN = List.of("train", "--model", "baseline", "--epochs", "4", "--seed", "7",
            "--hidden", "32,32", "--device", "cpu", "--threads", "2", "--quiet");
    /** The longest any of these processes may take. */
    private static final int LIMIT_S = 300;

    @TempDir
    static Path tmp;

    static StateDict reference;

    @BeforeAll
    static void uninterruptedRunWithoutCheckpoints() throws Exception {
        Path out = tmp.resolve("reference");
        ChildProcess.Result r = ChildProcess.run(command(Main.class, args(out)), Map.of(), LIMIT_S);
        assertEquals(0, r.exit(), r.output());
        reference = TorchCheckpointReader.read(out.resolve("model.pt"));
    }

    @Test
    void killedMidRunThenResumedGivesTheSameWeights() throws Exception {
        Path out = tmp.resolve("killed");
        // the pause at the 7th checkpoint only makes sure the run cannot end before the kill on a slow machine
        try (ChildProcess p = pausing("7:60000", out)) {
            waitFor(p, out.resolve("checkpoints").resolve("ckpt-000003").resolve("state.json"));

            ChildProcess.Result second = ChildProcess.run(command(Main.class, args(out)), Map.of(), LIMIT_S);
            assertEquals(1, second.exit(), second.output());
            assertTrue(second.output().startsWith("error: " + out + " is in use by another run (sandwich train, pid "
                    + p.process().pid() + " on "), "the holder is named: " + second.output());

            p.process().destroyForcibly(); // SIGKILL on Linux
            assertTrue(p.process().waitFor(30, TimeUnit.SECONDS));
            assertNotEquals(0, p.process().exitValue());
        }
        assertFalse(Files.exists(out.resolve("model.pt")), "killed before the end");
        resumeAndCompare(out); // the killed holder's lock does not block the resumed run
    }

    @Test
    void killedWhileWritingACheckpointKeepsThePreviousOneAndResumesFromIt() throws Exception {
        Path out = tmp.resolve("killed-in-write");
        Path ckpts = out.resolve("checkpoints");
        try (ChildProcess p = pausing("5:60000", out)) {
            waitFor(p, ckpts.resolve(".ckpt-000005.tmp").resolve("model.pt"));
            Thread.sleep(200);
            assertTrue(p.process().isAlive(), "the pause holds the run inside its fifth checkpoint");
            p.process().destroyForcibly();
            assertTrue(p.process().waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(".ckpt-000005.tmp", "ckpt-000003", "ckpt-000004"), names(ckpts),
                "the half-written checkpoint is beside the complete ones");

        resumeAndCompare(out);
        assertFalse(Files.exists(ckpts.resolve(".ckpt-000005.tmp")), "the half-written one is gone");
    }

    /**
     * SIGTERM, as a scheduler sends it to preempt or requeue a job: the run stops at its next step with one line and
     * the exit status 143, its checkpoints kept, and resumed it ends with the weights of a run never stopped.
     */
    @Test
    void terminatedStopsWithOneLineAndResumesToTheSameWeights() throws Exception {
        List<String> longer = new ArrayList<>(RUN);
        longer.set(longer.indexOf("4"), "40"); // long enough to be running when the signal comes
        Path plain = tmp.resolve("plain-40");
        List<String> plainArgs = new ArrayList<>(longer);
        plainArgs.addAll(List.of("--out", plain.toString()));
        assertEquals(0, ChildProcess.run(command(Main.class, plainArgs), Map.of(), LIMIT_S).exit());
        Path out = tmp.resolve("terminated");
        List<String> stopped = new ArrayList<>(longer);
        stopped.addAll(List.of("--checkpoint-every", "1", "--out", out.toString()));
        try (ChildProcess p = ChildProcess.start(command(Main.class, stopped), Map.of())) {
            waitFor(p, out.resolve("checkpoints").resolve("ckpt-000002").resolve("state.json"));
            // SIGTERM with kill(1): Process.destroy() sends it too, but closes the pipes that carry the child's output
            assertEquals(0, ChildProcess.run(List.of("kill", "-TERM", Long.toString(p.process().pid())), 30).exit());
            ChildProcess.Result r = p.waitFor(60);
            assertEquals(143, r.exit(), r.output());
            assertTrue(r.output().contains("stopped: cancelled in stage "), r.output());
            assertTrue(r.output().contains("its checkpoints stay in " + out.resolve("checkpoints")), r.output());
        }
        assertFalse(Files.exists(out.resolve("model.pt")), "stopped before the end");
        ChildProcess.Result r = ChildProcess.run(command(Main.class, List.of("train", "--resume", out.toString(),
                "--quiet", "--device", "cpu", "--threads", "2")), Map.of(), LIMIT_S);
        assertEquals(0, r.exit(), r.output());
        StateDict expected = TorchCheckpointReader.read(plain.resolve("model.pt"));
        StateDict resumed = TorchCheckpointReader.read(out.resolve("model.pt"));
        for (String name : expected.names()) {
            assertArrayEquals(expected.get(name).data(), resumed.get(name).data(), name + " differs");
        }
    }

    /** Resumes on the CPU, as the checkpoints were written: only there is the result bit-identical. */
    private static void resumeAndCompare(Path out) throws Exception {
        ChildProcess.Result r = ChildProcess.run(command(Main.class, List.of("train", "--resume", out.toString(),
                "--quiet", "--device", "cpu", "--threads", "2")), Map.of(), LIMIT_S);
        assertEquals(0, r.exit(), r.output());
        assertFalse(r.output().contains("bit-identical"), "no notice on the same backend: " + r.output());
        StateDict resumed = TorchCheckpointReader.read(out.resolve("model.pt"));
        assertEquals(reference.names(), resumed.names());
        for (String name : reference.names()) {
            assertArrayEquals(reference.get(name).data(), resumed.get(name).data(), name + " differs");
        }
        assertEquals(8, Files.readAllLines(out.resolve("epochs.jsonl")).size(), "every epoch logged once");
    }

    private static List<String> args(Path out) {
        List<String> a = new ArrayList<>(RUN);
        a.addAll(List.of("--out", out.toString()));
        return a;
    }

    /** The run of {@link #RUN} with a checkpoint every epoch, pausing in checkpoint N for MILLIS ms. */
    private static ChildProcess pausing(String pause, Path out) throws IOException {
        return ChildProcess.start(command(PausingTrain.class, List.of(pause, out.toString())), Map.of());
    }

    private static List<String> command(Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>(ChildProcess.java(main, "-Xmx512m"));
        cmd.addAll(args);
        return cmd;
    }

    private static void waitFor(ChildProcess p, Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(file)) {
            if (!p.process().isAlive()) {
                throw new AssertionError("the process ended (" + p.process().exitValue() + ") before " + file
                        + " appeared: " + p.output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(file + " did not appear within 120 s: " + p.output());
            }
            Thread.sleep(5);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }
}
