package io.sandwich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tools, scripts and child JVMs for the tests that need another process. The child's output (stdout and stderr
 * together) is read on another thread as it comes, so a child that fills its pipe never blocks; every wait has a
 * limit, and a child that outlives it is killed with its whole process tree and fails the test with its last lines.
 */
public final class ChildProcess implements AutoCloseable {
    /** How many of a child's last lines a failure shows. */
    private static final int LAST_LINES = 40;

    /**
     * What a finished process printed (stdout and stderr together) and its exit code.
     *
     * @param exit exit code
     * @param output everything it printed
     */
    public record Result(int exit, String output) {
    }

    private final List<String> cmd;
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private ChildProcess(List<String> cmd, Process process) {
        this.cmd = cmd;
        this.process = process;
        this.reader = new Thread(this::drain, "output of " + cmd.get(0));
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code cmd} with extra environment variables; its output is collected as it comes. */
    public static ChildProcess start(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new ChildProcess(List.copyOf(cmd), pb.start());
    }

    /** Runs {@code cmd} to its end, failing the test (after killing it) when it outlives {@code seconds}. */
    public static Result run(List<String> cmd, Map<String, String> env, int seconds) throws IOException,
            InterruptedException {
        try (ChildProcess p = start(cmd, env)) {
            return p.waitFor(seconds);
        }
    }

    /** As {@link #run(List, Map, int)} with this process's environment. */
    public static Result run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        return run(cmd, Map.of(), seconds);
    }

    /** Whether a command is on the PATH. */
    public static boolean has(String tool) {
        try {
            return run(List.of("sh", "-c", "command -v " + tool), 30).exit() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A command line starting a JVM like this one (same java, same class path) on {@code main}. */
    public static List<String> java(Class<?> main, String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        return cmd;
    }

    /** The child. */
    public Process process() {
        return process;
    }

    /** Everything it printed so far. */
    public String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits for the end and returns what it printed; one that outlives {@code seconds} is killed with its process
     * tree and fails the test with its last lines.
     */
    public Result waitFor(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("killed after " + seconds + " s: " + String.join(" ", cmd) + "\nits last lines:\n"
                    + lastLines());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(process.exitValue(), output());
    }

    /**
     * Kills the child and every process it started (SIGKILL), and waits until they are gone. The child goes first, so
     * that it cannot go on past a killed descendant (a shell would run its next line); its tree is listed before.
     */
    public void kill() throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        tree.addAll(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError("could not kill pid " + h.pid() + " of " + cmd, e);
            }
        }
    }

    /** Kills the child's tree if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            kill();
        }
    }

    private String lastLines() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size()));
    }

    private void drain() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                synchronized (output) {
                    output.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the child is gone; what it printed so far is kept
        }
    }
}
