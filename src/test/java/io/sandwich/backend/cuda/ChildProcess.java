package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs tools and child JVMs for the tests that need another process (a library path set before start). */
final class ChildProcess {
    private ChildProcess() {
    }

    /**
     * What a finished process printed (stdout and stderr together) and its exit code.
     *
     * @param exit exit code
     * @param output everything it printed
     */
    record Result(int exit, String output) {
    }

    /** Whether a command is on the PATH. */
    static boolean has(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code cmd} with extra environment variables, failing the test when it outlives {@code seconds}. */
    static Result run(List<String> cmd, Map<String, String> env, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Result(p.exitValue(), out);
    }

    /** A command line starting a JVM like this one (same java, same class path) on {@code main}. */
    static List<String> java(Class<?> main, String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        return cmd;
    }
}
