package io.sandwich;

import io.sandwich.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project's data for tests: the embedded dataset and, when present, the real seed copy. */
public final class TestData {
    private TestData() {
    }

    /** The embedded synthetic dataset, {@code data/embedded}. */
    public static Path embeddedDir() {
        return Path.of("data", "embedded");
    }

    /** The embedded dataset, loaded. */
    public static Dataset embedded() {
        return Dataset.load(embeddedDir());
    }

    /** The real seed copy beside the project, or null when absent. */
    public static Path seedDir() {
        Path p = Path.of("..", "shared", "data", "seed");
        return Files.isDirectory(p) ? p : null;
    }
}
