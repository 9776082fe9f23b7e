package io.sandwich.checkpoint;

import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.FolderLock;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder a run's checkpoints go to, whatever they hold: one run at a time (a {@link FolderLock} while this is
 * open), checkpoints numbered {@code ckpt-NNNNNN}, each written under a hidden temporary name,
 * flushed, renamed into place and the folder entry flushed too, the newest {@value #KEEP} kept, half-written
 * temporaries removed. A process killed at any moment leaves the previous checkpoint whole.
 */
final class CheckpointFolder implements AutoCloseable {
    /** How many complete checkpoints are kept. */
    static final int KEEP = 2;

    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{6})");
    private static final String TMP_PREFIX = ".ckpt-";

    /** Writes the files of one checkpoint. */
    @FunctionalInterface
    interface Contents {
        /** Writes checkpoint {@code number}'s files into {@code partial}, its hidden temporary folder. */
        void writeInto(int number, Path partial) throws IOException;
    }

    private final Path dir;
    private final FolderLock lock;
    private int sequence;

    private CheckpointFolder(Path dir, int sequence) {
        this.dir = dir;
        this.sequence = sequence;
        this.lock = FolderLock.acquire(dir, "a training run writing checkpoints");
    }

    /**
     * Locks {@code dir} (created if missing) for a new run; it must be writable and hold no checkpoints yet.
     * Half-written temporaries are removed.
     */
    static CheckpointFolder create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandwichException(dir + ": could not create the checkpoint folder: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new SandwichException(dir + ": the checkpoint folder is not writable");
        }
        if (!complete(dir).isEmpty()) {
            throw new SandwichException(dir + " already holds the checkpoints of a run: continue it with"
                    + " train " + SandwichException.setting("resume") + " " + dir
                    + ", or choose another folder");
        }
        CheckpointFolder f = new CheckpointFolder(dir, 0);
        try {
            f.removeTemporaries();
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /**
     * The newest complete checkpoint in {@code dir}, or in {@code dir/checkpoints} (a run's output folder) when
     * {@code dir} holds none but has that subfolder.
     */
    static Path newest(Path dir) {
        Path folder = dir;
        if (Files.isDirectory(dir.resolve("checkpoints")) && complete(dir).isEmpty()) {
            folder = dir.resolve("checkpoints");
        }
        if (!Files.isDirectory(folder)) {
            throw new SandwichException(dir + ": expected a checkpoint folder, found "
                    + (Files.exists(dir) ? "a file" : "nothing"));
        }
        List<Path> all = complete(folder);
        if (all.isEmpty()) {
            throw new SandwichException(folder + ": no checkpoint to resume from (expected ckpt-NNNNNN folders"
                    + " written by train " + SandwichException.setting("checkpointEvery") + ")");
        }
        return all.get(all.size() - 1);
    }

    /**
     * Locks the folder of checkpoint {@code newest} (from {@link #newest}) to continue its run; the next
     * checkpoint gets the number after it. Call {@link #removeTemporaries} once the run's state is read.
     */
    static CheckpointFolder continueAfter(Path newest) {
        return new CheckpointFolder(newest.getParent(), sequenceOf(newest));
    }

    /** The folder. */
    Path dir() {
        return dir;
    }

    /**
     * Writes the next checkpoint through a hidden temporary folder renamed into place once complete and flushed,
     * then removes all but the newest {@value #KEEP}; returns the new checkpoint's folder. An I/O error reads
     * "ckpt: could not write the checkpoint: reason", naming {@code lastGood} when it is not null; the previous
     * checkpoints stay as they were.
     */
    Path write(Contents contents, String lastGood) {
        int next = sequence + 1;
        Path tmp = dir.resolve(TMP_PREFIX + String.format("%06d", next) + ".tmp");
        Path target = dir.resolve(String.format("ckpt-%06d", next));
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            contents.writeInto(next, tmp);
            AtomicFiles.syncFolder(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            AtomicFiles.syncFolder(dir);
        } catch (IOException e) {
            throw new SandwichException(target + ": could not write the checkpoint: " + e.getMessage()
                    + (lastGood == null ? "" : "; the last good one is " + lastGood), e);
        }
        sequence = next;
        List<Path> all = complete(dir);
        for (int i = 0; i < all.size() - KEEP; i++) {
            deleteQuietly(all.get(i));
        }
        return target;
    }

    /** Deletes the hidden temporary folders that writes cut short left behind. */
    void removeTemporaries() {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)).toList()) {
                deleteQuietly(p);
            }
        } catch (IOException e) {
            // leftovers are harmless: they are never read and the next write of that name replaces them
        }
    }

    /** Releases the folder for other runs. */
    @Override
    public void close() {
        lock.close();
    }

    /** Complete checkpoint folders in {@code dir}, oldest first. */
    static List<Path> complete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)
                    && Files.exists(p.resolve(CheckpointFormat.STATE_FILE)))
                    .sorted(Comparator.comparingInt(CheckpointFolder::sequenceOf)).toList();
        } catch (IOException e) {
            throw new SandwichException(dir + ": could not list the checkpoint folder: " + e.getMessage(), e);
        }
    }

    private static int sequenceOf(Path ckpt) {
        Matcher m = NAME.matcher(ckpt.getFileName().toString());
        if (!m.matches()) {
            throw new SandwichException(ckpt + ": not a checkpoint folder name (expected ckpt-NNNNNN)");
        }
        return Integer.parseInt(m.group(1));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (IOException e) {
            // an old checkpoint that cannot be removed stays; it is never newer than the one just written
        }
    }
}
