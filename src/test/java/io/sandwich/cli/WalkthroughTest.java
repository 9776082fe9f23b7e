package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/walkthrough.md runs as written: its {@code sh} blocks, in order, with {@code my-data} and {@code runs/} moved
 * to a temporary folder. The blocks hold sandwich commands, {@code mv} and {@code cat > FILE <<'END'} only.
 */
class WalkthroughTest {
    @TempDir
    Path tmp;

    private String moved(String text) {
        return text.replace("my-data", tmp + "/my-data").replace("runs/", tmp + "/runs/");
    }

    @Test
    void everyCommandRuns() throws IOException {
        String doc = Files.readString(Path.of("docs/walkthrough.md"));
        Matcher m = Pattern.compile("(?s)```sh\\n(.*?)```").matcher(doc);
        List<String> lines = new ArrayList<>();
        while (m.find()) {
            lines.addAll(m.group(1).lines().toList());
        }
        assertTrue(lines.size() > 8, lines.toString());
        int commands = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("scripts/sandwich ")) {
                Run r = CliTest.run(moved(line.substring("scripts/sandwich ".length())).split(" +"));
                assertEquals(0, r.code(), line + "\n" + r.err());
                commands++;
            } else if (line.startsWith("mv ")) {
                String[] p = moved(line).split(" +");
                Files.move(Path.of(p[1]), Path.of(p[2]));
            } else if (line.matches("cat > \\S+ <<'END'")) {
                StringBuilder body = new StringBuilder();
                for (i++; !lines.get(i).equals("END"); i++) {
                    body.append(lines.get(i)).append('\n');
                }
                Files.writeString(Path.of(moved(line.split(" ")[2])), body);
            } else {
                throw new AssertionError("the walkthrough runs sandwich, mv and cat > FILE only, found: " + line);
            }
        }
        assertEquals(5, commands);
        List<String> top = Files.readAllLines(tmp.resolve("runs/mine/top5.txt"));
        assertEquals(Files.readAllLines(tmp.resolve("my-data/test_labels.csv")).size(), top.size());
        assertTrue(top.get(0).matches("[0-9A-F]{32}:\\d+(,\\d+){4}"), top.get(0));
    }
}
