package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick tour runs as written on the embedded data, its {@code out/} folder moved to a temporary one. */
class QuickTourTest {
    @TempDir
    Path tmp;

    @Test
    void everyLineOfTheQuickTourRuns() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("(?s)## Quick tour\\n.*?```\\n(.*?)```").matcher(readme);
        assertTrue(m.find(), "README.md has a quick tour");
        List<String> lines = m.group(1).lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 5 && lines.size() < 20, lines.toString());
        for (String line : lines) {
            assertTrue(line.startsWith("scripts/sandwich "), line);
            String moved = line.substring("scripts/sandwich ".length()).replace("out/", tmp + "/out/");
            Run r = CliTest.run(moved.split(" +"));
            assertEquals(0, r.code(), line + "\n" + r.err());
        }
        assertTrue(Files.exists(tmp.resolve("out/tour/sweep/sweep.md")));
        assertEquals(Files.readAllLines(Path.of("data/embedded/test_app.txt")).size(),
                Files.readAllLines(tmp.resolve("out/tour/pred.txt")).size());
    }
}
