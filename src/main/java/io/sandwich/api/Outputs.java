package io.sandwich.api;

import static io.sandwich.SandwichException.setting;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks before any work that the places a command will write to can be written, so that an unwritable output
 * fails in the first second with one line instead of after hours of training. Nothing is created here. Each
 * check names the setting it is about in the API's terms ({@code out}, {@code checkpointDir}).
 */
final class Outputs {
    private Outputs() {
    }

    /** {@code dir} is a writable folder, or can be created as one. */
    static void folder(String option, Path dir) {
        writable(option, dir, dir);
    }

    /** {@code file} can be written: it is not a folder and its folder is writable or can be created. */
    static void file(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new SandwichException(setting(option) + " " + file + ": is a folder; expected a file name");
        }
        writable(option, file, abs.getParent());
    }

    /** {@code file} can be written and its folder exists already. */
    static void fileInExistingFolder(String option, Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (!Files.exists(parent)) {
            throw new SandwichException(setting(option) + " " + file + ": the folder " + parent + " does not exist");
        }
        file(option, file);
    }

    /** The folder {@code dir}, where {@code shown} goes, exists and is writable or can be created. */
    private static void writable(String option, Path shown, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new SandwichException(setting(option) + " " + shown + ": no part of that path exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new SandwichException(setting(option) + " " + shown + ": cannot write there, " + existing
                    + " is a file, not a folder");
        }
        probe(option, shown, existing);
    }

    private static void probe(String option, Path dir, Path existing) {
        try {
            Path p = Files.createTempFile(existing, ".sandwich-write-check", ".tmp");
            Files.delete(p);
        } catch (IOException | SecurityException e) {
            throw new SandwichException(setting(option) + " " + dir + ": cannot write there, " + existing
                    + " is not writable (" + e.getMessage() + ")", e);
        }
    }
}
