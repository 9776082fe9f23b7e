package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.cli.CliTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help a newcomer reads first: no picocli warnings, a first line that names both backends, examples at the end
 * of each command's help that the command accepts as written, and a {@code --version} naming what matters.
 */
class HelpTest {
    @Test
    void everyHelpPrintsWithoutWarningsAndEndsWithExamplesThatParse() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            Run top = CliTest.run("--help");
            assertTrue(top.out().contains("on the CPU (OpenBLAS)") && top.out().contains("NVIDIA GPU"), top.out());
            List<String> examples = new ArrayList<>();
            for (Map.Entry<String, CommandLine> e : Main.commandLine().getSubcommands().entrySet()) {
                String name = e.getKey();
                if (name.equals("help")) {
                    continue;
                }
                Run r = CliTest.run(name, "--help");
                assertEquals(0, r.code(), name);
                String help = r.out();
                int at = help.indexOf("Examples:");
                assertTrue(at > 0, name + " --help ends with examples");
                String joined = help.substring(at).replaceAll(" \\\\\\R\\s*", " "); // shell line continuations
                List<String> mine = joined.lines().map(String::strip) // shell around a command: source <(...), > file
                        .map(l -> l.replaceFirst("^source <\\((.*)\\)$", "$1").replaceFirst(" > .*$", ""))
                        .filter(l -> l.startsWith("scripts/sandwich")).toList();
                assertTrue(mine.size() >= 2 && mine.size() <= 3, name + ": two or three examples, found " + mine);
                examples.addAll(mine);
            }
            assertTrue(examples.size() >= 22, examples.toString());
            for (String example : examples) {
                String[] args = example.substring("scripts/sandwich ".length()).split(" ");
                Main.commandLine().parseArgs(args); // throws on an option the command does not take
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8), "no picocli warnings");
    }

    @Test
    void versionNamesSandwichItsCommitJavaAndTheNativeBindings() {
        Run r = CliTest.run("--version");
        assertEquals(0, r.code());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("sandwich \\S+ \\(commit \\S+\\)"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("java 17")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("openblas 0\\.3\\.\\d+ \\(bytedeco javacpp .*\\)")), r.out());
        assertTrue(lines.contains("jcuda 12.6.0 (jcublas 12.6.0, jcusparse 12.6.0)"), r.out());
        assertFalse(r.out().contains("not on the class path"), r.out());
    }

    @Test
    void completionPrintsABashScriptForTheSandwichCommand() {
        Run r = CliTest.run("completion");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out().lines().findFirst().orElse(""));
        assertTrue(r.out().contains("complete -F _complete_sandwich") && r.out().contains("sweep"),
                "completes sandwich's commands");
    }
}
