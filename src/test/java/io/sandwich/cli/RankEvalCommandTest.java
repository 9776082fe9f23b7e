package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RankEvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsMarkdownAndWritesJson() throws IOException {
        Path truth = Files.writeString(dir.resolve("truth.txt"), "u1:a,b,c\nu2:a\n");
        Path pred = Files.writeString(dir.resolve("pred.txt"), "u1:a,x,b,y,z\nu2:x,a\nu3:q\n");
        Path json = dir.resolve("out").resolve("metrics.json");
        StringWriter out = new StringWriter();
        int rc = new CommandLine(new RankEvalCommand()).setOut(new PrintWriter(out)).execute(
                "--truth", truth.toString(), "--pred", pred.toString(), "--k", "3", "--json", json.toString());
        assertEquals(0, rc);
        assertTrue(out.toString().contains("| precision@3 | 0.5000 |"), out.toString());
        assertTrue(out.toString().contains("1 prediction-only users ignored"), out.toString());
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(3, o.get("k").getAsInt());
        assertEquals(2, o.get("users").getAsInt());
        assertEquals(1, o.get("predOnlyUsers").getAsInt());
        try (Stream<Path> files = Files.list(json.getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void defaultKIsFiveAndBadKIsAUsageError() throws IOException {
        Path truth = Files.writeString(dir.resolve("truth.txt"), "u1:a\n");
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new RankEvalCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("--truth", truth.toString(), "--pred", truth.toString()));
        assertTrue(out.toString().contains("| precision@5 | 0.2000 |"), out.toString());
        assertEquals(2, cl.execute("--truth", truth.toString(), "--pred", truth.toString(), "--k", "0"));
    }
}
