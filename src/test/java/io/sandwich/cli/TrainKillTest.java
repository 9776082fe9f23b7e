package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.api.PausingTrain;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real training processes with SIGKILL, mid-run and in the middle of a checkpoint write, resumes them in a
 * new process and checks that the final weights are bit-identical to those of a run that was never interrupted.
 * The uninterrupted run and the resumed ones go through the command line; the killed ones through the api
 * ({@link PausingTrain}, the same settings), which passes the pause in the middle of a checkpoint as a hook.
 */
class TrainKillTest {
    /** Two stages of 4 epochs with a checkpoint after each epoch: 8 checkpoints. */
    private static final List<String> RUN = List.of("train", "--model", "baseline", "--epochs", "4", "--seed", "7",
            "--hidden", "32", "--device", "cpu", "--threads", "2", "--quiet");

    @TempDir
    static Path tmp;

    static StateDict reference;

    @BeforeAll
    static void uninterruptedRunWithoutCheckpoints() throws Exception {
        Path out = tmp.resolve("reference");
        Process p = start(Main.class, args(out));
        assertEquals(0, p.waitFor(), () -> output(out));
        reference = TorchCheckpointReader.read(out.resolve("model.pt"));
    }

    @Test
    void killedMidRunThenResumedGivesTheSameWeights() throws Exception {
        Path out = tmp.resolve("killed");
        // the pause at the 7th checkpoint only makes sure the run cannot end before the kill on a slow machine
        Process p = pausing("7:60000", out);
        Path third = out.resolve("checkpoints").resolve("ckpt-000003");
        waitFor(p, third.resolve("state.json"));
        p.destroyForcibly(); // SIGKILL on Linux
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue());
        assertFalse(Files.exists(out.resolve("model.pt")), "killed before the end");

        resumeAndCompare(out);
    }

    @Test
    void killedWhileWritingACheckpointKeepsThePreviousOneAndResumesFromIt() throws Exception {
        Path out = tmp.resolve("killed-in-write");
        Process p = pausing("5:60000", out);
        Path ckpts = out.resolve("checkpoints");
        waitFor(p, ckpts.resolve(".ckpt-000005.tmp").resolve("model.pt"));
        Thread.sleep(200);
        assertTrue(p.isAlive(), "the pause holds the run inside its fifth checkpoint");
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(".ckpt-000005.tmp", "ckpt-000003", "ckpt-000004"), names(ckpts),
                "the half-written checkpoint is beside the complete ones");

        resumeAndCompare(out);
        assertFalse(Files.exists(ckpts.resolve(".ckpt-000005.tmp")), "the half-written one is gone");
    }

    private static void resumeAndCompare(Path out) throws Exception {
        Process r = start(Main.class, List.of("train", "--resume", out.toString(), "--quiet", "--threads", "2"));
        assertEquals(0, r.waitFor(), () -> output(out));
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
    private static Process pausing(String pause, Path out) throws IOException {
        return start(PausingTrain.class, List.of(pause, out.toString()));
    }

    private static Process start(Class<?> main, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Path log = Files.createTempFile(tmp, "process", ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitFor(Process p, Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(file)) {
            if (!p.isAlive()) {
                throw new AssertionError("the process ended (" + p.exitValue() + ") before " + file + " appeared");
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError(file + " did not appear within 120 s");
            }
            Thread.sleep(5);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }

    private static String output(Path out) {
        try (Stream<Path> s = Files.list(tmp)) {
            StringBuilder b = new StringBuilder("run in " + out + "; process logs:\n");
            for (Path p : s.filter(f -> f.getFileName().toString().startsWith("process")).toList()) {
                b.append(Files.readString(p));
            }
            return b.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
