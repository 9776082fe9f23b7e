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
        try (Pending p = begin(target, createParents)) {
            try {
                body.writeTo(p.out());
            } catch (IOException | RuntimeException e) {
                throw p.failure(e);
            }
            p.commit();
        }
    }

    /**
     * Opens the temporary file of {@code target} for a caller that writes several files side by side (a dataset's
     * splits): write to {@link Pending#out()}, then {@link Pending#commit()}; closing an uncommitted one deletes
     * the temporary file. Errors read as those of {@link #write(Path, boolean, Body)}.
     */
    public static Pending begin(Path target, boolean createParents) {
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
            FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return new Pending(target, abs, tmp, ch);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw wrap(target, e);
        }
    }

    /** A file being written through its hidden temporary sibling; see {@link #begin(Path, boolean)}. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path abs;
        private final Path tmp;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        private Pending(Path target, Path abs, Path tmp, FileChannel channel) {
            this.target = target;
            this.abs = abs;
            this.tmp = tmp;
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        /** The file this becomes once committed. */
        public Path target() {
            return target;
        }

        /** The buffered stream into the temporary file; do not close it. */
        public OutputStream out() {
            return out;
        }

        /** The exception to throw for an error met while writing this file. */
        public SandwichException failure(Exception e) {
            return wrap(target, e);
        }

        /** Flushes the content to disk and renames the temporary file over the target. */
        public void commit() {
            if (done) {
                throw new IllegalStateException(target + " was already committed or abandoned");
            }
            try {
                out.flush();
                channel.force(true);
                channel.close();
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
                done = true;
                syncFolder(abs.getParent());
            } catch (IOException | RuntimeException e) {
                throw wrap(target, e);
            }
        }

        /** Abandons the file unless it was committed: the temporary file is deleted, the target left as it was. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was committed; the temporary file goes anyway
            }
            deleteQuietly(tmp);
        }
    }

    private static SandwichException wrap(Path target, Exception e) {
        if (e instanceof SandwichException s) {
            return s;
        }
        return new SandwichException(target + ": could not write the file: " + e.getMessage(), e);
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that is the error worth reporting
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
