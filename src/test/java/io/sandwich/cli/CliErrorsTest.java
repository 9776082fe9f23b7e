package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command, given a wrong flag, a missing input or an output it cannot write, prints one line starting with
 * {@code error:} (no stack trace), exits non-zero and leaves nothing behind; {@code --verbose} adds the trace.
 */
class CliErrorsTest {
    @TempDir
    static Path tmp;

    static Path model;
    static Path blocker;

    @BeforeAll
    static void aTrainedModelAndAFileInTheWay() throws IOException {
        model = tmp.resolve("model");
        Run r = run(CliTest.small("train", "--model", "app2l1", "--epochs", "1", "--out", model.toString()));
        assertEquals(0, r.code(), r.err());
        blocker = Files.writeString(tmp.resolve("a-file"), "not a folder");
    }

    static Stream<String> commands() {
        return Main.commandLine().getSubcommands().keySet().stream().filter(c -> !c.equals("help"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aWrongFlagIsOneLineAndExitCode2(String command) {
        Run r = run(command, "--no-such-flag");
        assertEquals(2, r.code(), r.err());
        assertOneLine(r);
        // picocli names missing required options first, else the unknown one
        assertTrue(r.err().startsWith("error: Unknown option: '--no-such-flag'")
                || r.err().startsWith("error: Missing required"), r.err());
        assertTrue(r.err().strip().endsWith("(see sandwich " + command + " --help)"), r.err());
    }

    static Stream<Arguments> missingInputs() {
        String missing = tmp.resolve("missing").toString();
        String weights = model.resolve("model.pt").toString();
        String out = tmp.resolve("never").toString();
        return Stream.of(
                Arguments.of((Object) new String[] {"train", "--model", "app2l1", "--data", missing, "--out", out}),
                Arguments.of((Object) new String[] {"train", "--model", "app2l1", "--init-from", missing, "--out",
                    out}),
                Arguments.of((Object) new String[] {"train", "--resume", missing}),
                Arguments.of((Object) new String[] {"evaluate", "--weights", missing}),
                Arguments.of((Object) new String[] {"evaluate", "--weights", weights, "--data", missing}),
                Arguments.of((Object) new String[] {"predict", "--weights", missing, "--input", missing, "--output",
                    out}),
                Arguments.of((Object) new String[] {"predict", "--weights", weights, "--input", missing, "--output",
                    out}),
                Arguments.of((Object) new String[] {"inspect", missing}),
                Arguments.of((Object) new String[] {"reproduce", "--data", missing, "--out", out}),
                Arguments.of((Object) new String[] {"bench", "--data", missing, "--json", out}),
                Arguments.of((Object) new String[] {"bench-chart", "--summary", missing, "--out", out}),
                Arguments.of((Object) new String[] {"rank-eval", "--truth", missing, "--pred", missing, "--json",
                    out}));
    }

    @ParameterizedTest
    @MethodSource("missingInputs")
    void aMissingInputIsOneLine(String[] args) {
        Run r = run(withCpu(args));
        assertEquals(1, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().startsWith("error: ") && r.err().contains(tmp.resolve("missing").toString()), r.err());
        assertFalse(Files.exists(tmp.resolve("never")), "nothing written");
    }

    static Stream<Arguments> unwritableOutputs() {
        String weights = model.resolve("model.pt").toString();
        String under = blocker.resolve("x").toString();
        return Stream.of(
                Arguments.of("--out", new String[] {"train", "--model", "app2l1", "--out", under}),
                Arguments.of("--save", new String[] {"train", "--model", "app2l1", "--out", tmp.resolve("t1")
                    .toString(), "--save", under}),
                Arguments.of("--checkpoint-dir", new String[] {"train", "--model", "app2l1", "--out",
                    tmp.resolve("t2").toString(), "--checkpoint-every", "1", "--checkpoint-dir", under}),
                Arguments.of("--out", new String[] {"reproduce", "--out", under}),
                Arguments.of("--out", new String[] {"generate", "--users", "1000", "--out", under}),
                Arguments.of("--output", new String[] {"predict", "--weights", weights, "--input",
                    "data/embedded/val_app.txt", "--output", under}),
                Arguments.of("--output-l1", new String[] {"predict", "--weights", weights, "--input",
                    "data/embedded/val_app.txt", "--output", tmp.resolve("p.txt").toString(), "--output-l1", under}),
                Arguments.of("--json", new String[] {"bench", "--json", under}),
                Arguments.of("--out", new String[] {"bench-chart", "--summary", weights, "--out", under}),
                Arguments.of("--json", new String[] {"rank-eval", "--truth", weights, "--pred", weights, "--json",
                    under}));
    }

    @ParameterizedTest
    @MethodSource("unwritableOutputs")
    void anUnwritableOutputFailsAtOnceInOneLine(String option, String[] args) {
        long t0 = System.nanoTime();
        Run r = run(withCpu(args));
        assertEquals(1, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().startsWith("error: " + option + " " + blocker.resolve("x") + ": cannot write there, "
                + blocker + " is a file, not a folder"), r.err());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "checked before any work");
        for (String name : List.of("t1", "t2", "p.txt")) {
            assertFalse(Files.exists(tmp.resolve(name)), name + " was created");
        }
    }

    @Test
    void anUnknownFlagIsNamed() {
        Run r = run("train", "--model", "app2l1", "--epochz", "3");
        assertEquals(2, r.code());
        assertOneLine(r);
        assertTrue(r.err().startsWith("error: Unknown options: '--epochz', '3'; did you mean --epochs"), r.err());
    }

    @Test
    void verboseShowsTheStackTrace() {
        Run r = run("inspect", tmp.resolve("missing").toString(), "--verbose");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat io.sandwich."), r.err());
    }

    private static String[] withCpu(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (List.of("train", "reproduce", "bench").contains(args[0])) {
            a.addAll(List.of("--device", "cpu", "--quiet", "--hidden", "16,16", "--threads", "2"));
        } else if (List.of("evaluate", "predict").contains(args[0])) {
            a.addAll(List.of("--device", "cpu", "--threads", "2"));
        }
        if (args[0].equals("train") && !a.contains("--resume")) {
            a.addAll(List.of("--epochs", "1"));
        }
        if (args[0].equals("train") && a.contains("--resume")) {
            a.removeAll(List.of("--hidden", "16,16"));
        }
        return a.toArray(String[]::new);
    }

    private static void assertOneLine(Run r) {
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
