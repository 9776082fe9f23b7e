package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.ChildProcess;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example program a newcomer reads first ({@code examples/}, shown whole in docs/java-api.md) uses the api alone,
 * compiles, trains on data held in memory, and prints five distinct L1 categories per new user.
 */
class JavaApiExampleTest {
    private static final Path EXAMPLE = Path.of("examples/src/main/java/example/TopFive.java");

    @TempDir
    Path tmp;

    @Test
    void theExampleTrainsInMemoryAndPrintsTheTopFive() throws Exception {
        String source = Files.readString(EXAMPLE);
        for (String line : source.lines().filter(l -> l.startsWith("import ")).toList()) {
            assertTrue(line.startsWith("import io.sandwich.api.") || line.startsWith("import java."),
                    "the example uses the api alone: " + line);
        }
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null, List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(EXAMPLE.toFile())).call();
        assertTrue(ok, log.toString());

        Path out = tmp.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), "example.TopFive",
                out.toString()));
        ChildProcess.Result r = ChildProcess.run(cmd, Map.of(), 300);
        assertEquals(0, r.exit(), r.output());
        assertTrue(Files.exists(out.resolve("model.pt")), r.output());
        Matcher accuracy = Pattern.compile("test accuracy (\\d\\.\\d{4}) after 3 epochs").matcher(r.output());
        assertTrue(accuracy.find(), r.output());
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.5, "the categories are learnable: " + r.output());
        Matcher top = Pattern.compile("user (\\d): top 5 L1 categories \\[([0-9, ]+)\\]").matcher(r.output());
        int users = 0;
        while (top.find()) {
            int[] ids = Arrays.stream(top.group(2).split(", ")).mapToInt(Integer::parseInt).toArray();
            assertEquals(5, Arrays.stream(ids).distinct().filter(i -> i >= 0 && i < 23).count(), top.group());
            users++;
        }
        assertEquals(3, users, r.output());
    }

    @Test
    void theJavaApiPageShowsTheExampleAsItIs() throws Exception {
        Matcher m = Pattern.compile("(?s)```java\n(.*?)```").matcher(Files.readString(Path.of("docs/java-api.md")));
        assertTrue(m.find(), "docs/java-api.md has a java example");
        assertEquals(Files.readString(EXAMPLE), m.group(1), "the first java block of docs/java-api.md is "
                + EXAMPLE + " as it is");
    }
}
