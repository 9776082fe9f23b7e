package io.sandwich.io;

import io.sandwich.SandwichException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file through a hidden sibling temporary file that is flushed to disk and renamed over the target only
 * once complete, so a reader never sees half a file and a failed write leaves the old file (or none) in place and
 * no temporary file behind. Every file the project writes goes through here.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Body {
        /** Writes everything to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code body}'s output to {@code target} atomically, creating missing parent folders. */
    public static void write(Path target, Body body) {
        write(target, true, body);
    }

    /**
     * Writes {@code body}'s output to {@code target} atomically; with {@code createParents} false a missing
     * folder is an error. Errors read "{@code target}: could not write the file: reason".
     */
    public static void write(Path target, boolean createParents, Body body) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            if (createParents) {
                Files.createDirectories(abs.getParent());
            } else if (!Files.isDirectory(abs.getParent())) {
                throw new NoSuchFileException(abs.getParent().toString(), null, "no such folder");
            }
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                // temporary files are private; the result should be readable like any other file
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncFolder(abs.getParent());
        } catch (IOException | RuntimeException e) {
            if (e instanceof SandwichException s) {
                throw s;
            }
            throw new SandwichException(target + ": could not write the file: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that is the error worth reporting
                }
            }
        }
    }

    /**
     * Flushes a folder's entries to disk, so that a rename into it survives a crash; a file system that cannot
     * sync folders is left as it is (the file's own contents were already synced).
     */
    public static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported here: nothing more can be done
        }
    }

    /** Writes UTF-8 text atomically, creating missing parent folders. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
