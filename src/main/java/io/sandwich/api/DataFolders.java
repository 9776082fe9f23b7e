package io.sandwich.api;

import io.sandwich.SandwichException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a run's data is: the folder the caller named, or the embedded dataset. */
final class DataFolders {
    private DataFolders() {
    }

    /**
     * {@code data}, or the embedded dataset {@code data/embedded} under the folder named by the system property
     * {@code sandwich.home} (set by {@code scripts/sandwich}), else under the working folder.
     */
    static Path resolve(Path data) {
        if (data != null) {
            return data;
        }
        String home = System.getProperty("sandwich.home");
        Path embedded = (home != null ? Path.of(home) : Path.of("")).resolve("data").resolve("embedded");
        if (!Files.isDirectory(embedded)) {
            throw new SandwichException("the embedded dataset was not found at " + embedded.toAbsolutePath()
                    + "; pass --data DIR or run through scripts/sandwich");
        }
        return embedded;
    }
}
