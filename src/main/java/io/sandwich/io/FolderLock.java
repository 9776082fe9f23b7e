package io.sandwich.io;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * An exclusive operating-system lock on a folder, held by one command at a time: the folder's {@code .lock} file is
 * locked while this is open and names its holder (pid, host, since when). A second holder, in another process or in
 * this one, is refused at once with a sentence that names the first. The lock goes with the process however it
 * ends, so a killed run never leaves a lock that blocks the next one; the file itself stays and is harmless. A folder
 * that the lock created and that holds nothing else when it is released is removed again, so that a command that
 * fails before it writes anything leaves nothing behind.
 *
 * <p>Within this JVM the held folders are also kept in a table, checked before the file is opened: POSIX locks
 * belong to the process, and closing any channel on a locked file (a second attempt's, or one that reads the
 * holder's line) would release the first holder's lock.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file's name inside the folder. */
    public static final String FILE = ".lock";

    /** The folders this JVM holds, by real path, with their holder's line; guarded by itself. */
    private static final Map<Path, String> HELD = new HashMap<>();

    /**
     * What a holder holds.
     *
     * @param key the folder's real path
     * @param created the topmost folder the lock created, or null
     * @param channel the lock file, open
     * @param lock the lock on it
     */
    private record Held(Path key, Path created, FileChannel channel, FileLock lock) {
    }

    private final Held held;
    private boolean closed;

    private FolderLock(Held held) {
        this.held = held;
    }

    /**
     * Locks {@code dir} (created if missing) for {@code holder}, a few words on what holds it ("sandwich train");
     * refuses, naming the current holder, when another run holds it.
     */
    public static FolderLock acquire(Path dir, String holder) {
        Path file = dir.resolve(FILE);
        String line = holder + ", pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        synchronized (HELD) {
            FileChannel ch = null;
            try {
                Path missing = firstMissing(dir.toAbsolutePath().normalize());
                Files.createDirectories(dir);
                Path key = dir.toRealPath();
                Path created = missing == null ? null : missing.toRealPath();
                if (HELD.containsKey(key)) {
                    throw inUse(dir, HELD.get(key));
                }
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock l = ch.tryLock();
                if (l == null) {
                    ByteBuffer b = ByteBuffer.allocate(1024);
                    ch.read(b, 0);
                    throw inUse(dir, new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip());
                }
                ch.truncate(0);
                ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
                HELD.put(key, line);
                return new FolderLock(new Held(key, created, ch, l));
            } catch (IOException | OverlappingFileLockException e) {
                closeQuietly(ch);
                throw new SandwichException(file + ": could not lock the folder: " + e.getMessage(), e);
            } catch (SandwichException e) {
                closeQuietly(ch); // held by another process: this channel never had the lock
                throw e;
            }
        }
    }

    private static SandwichException inUse(Path dir, String holder) {
        return new SandwichException(dir + " is in use by another run (" + (holder.isEmpty() ? "its holder is"
                + " just starting" : holder) + "); wait for it to end, or choose another folder");
    }

    /** Releases the folder for other runs. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            HELD.remove(held.key());
            if (held.created() != null) {
                removeIfUnused(); // while still locked, so that no other run holds the file being removed
            }
            try {
                held.lock().release();
            } catch (IOException e) {
                // the lock goes with the channel, and with the process anyway
            }
            closeQuietly(held.channel());
        }
    }

    /** The topmost folder of {@code dir}'s path that does not exist yet, or null when {@code dir} exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes the lock file and the folders this lock created, where they hold nothing else. */
    private void removeIfUnused() {
        Path top = held.created().getParent();
        try (var entries = Files.list(held.key())) {
            if (entries.anyMatch(p -> !p.getFileName().toString().equals(FILE))) {
                return;
            }
            Files.delete(held.key().resolve(FILE));
            for (Path p = held.key(); p != null && p.startsWith(top) && !p.equals(top); p = p.getParent()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            // another run has started writing there, or the folder cannot be removed: it stays
        }
    }

    private static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | SecurityException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException ex) {
                return "an unknown host";
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing was locked through it, or the lock is released with it
            }
        }
    }
}
