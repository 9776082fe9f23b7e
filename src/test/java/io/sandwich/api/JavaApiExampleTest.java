package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example of docs/java-api.md compiles against the api alone and runs: it trains and predicts. */
class JavaApiExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theExampleTrainsAndPredicts() throws Exception {
        String source = example();
        for (String line : source.lines().filter(l -> l.startsWith("import ")).toList()) {
            assertTrue(line.startsWith("import io.sandwich.api.") || line.startsWith("import java."),
                    "the example uses the api alone: " + line);
        }
        Path src = tmp.resolve("src").resolve("Example.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null, List.of("-d", classes.toString(), "-classpath",
                System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src)).call();
        assertTrue(ok, log.toString());

        Path out = tmp.resolve("out");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("Example").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {out.toString()});
        }
        assertTrue(Files.exists(out.resolve("model.pt")));
        List<String> predictions = Files.readAllLines(out.resolve("predictions.txt"));
        assertEquals(Files.readAllLines(Path.of("data/embedded/test_app.txt")).size(), predictions.size());
        assertEquals(23, predictions.get(0).split(" ").length, "one L1 score per category");
    }

    /** The first {@code java} block of docs/java-api.md. */
    static String example() throws IOException {
        Matcher m = Pattern.compile("(?s)```java\n(.*?)```").matcher(Files.readString(Path.of("docs/java-api.md")));
        assertTrue(m.find(), "docs/java-api.md has a java example");
        return m.group(1);
    }
}
