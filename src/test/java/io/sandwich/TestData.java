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

    /**
     * The real seed copy: the folder the system property {@code sandwich.seed} names, else the one beside the project,
     * {@code ../shared/data/seed}; where it is absent the calling test is skipped, or fails where the build requires
     * it ({@link Requirement#SEED}).
     */
    public static Path seed() {
        Path p = Path.of(System.getProperty("sandwich.seed", "../shared/data/seed"));
        Requirement.SEED.assume(Files.isDirectory(p), "no seed copy at " + p.toAbsolutePath());
        return p;
    }
}
