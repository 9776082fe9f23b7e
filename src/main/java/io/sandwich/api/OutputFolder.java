package io.sandwich.api;

import static io.sandwich.SandwichException.setting;

import io.sandwich.SandwichException;
import io.sandwich.data.VectorFormat;
import io.sandwich.io.FolderLock;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A command's output folder for the length of its run: locked against a second run ({@link FolderLock}), and
 * refused when it holds a finished result unless the caller asked to continue it or to replace it. A replaced
 * result's files are removed only once the new run really starts ({@link #start}), so a run that fails while it
 * checks its inputs loses nothing.
 */
final class OutputFolder implements AutoCloseable {
    /** What the caller asked for when the folder holds a result already. */
    enum Existing {
        /** Refuse a folder that holds a finished result. */
        REFUSE,
        /** Continue the result the folder holds. */
        RESUME,
        /** Replace the result the folder holds. */
        OVERWRITE;

        /** The caller's choice from two flags, which contradict each other when both are set. */
        static Existing of(boolean resume, boolean overwrite) {
            if (resume && overwrite) {
                throw new SandwichException(setting("resume") + " continues the result in the output folder and "
                        + setting("overwrite") + " replaces it; choose one");
            }
            return resume ? RESUME : overwrite ? OVERWRITE : REFUSE;
        }
    }

    /**
     * What a command leaves in its folder.
     *
     * @param command the command, for the lock's holder line ("sandwich train")
     * @param what the finished result, as a sentence names it ("a finished run")
     * @param finished files that mark a finished result, as globs relative to the folder
     * @param written every file and folder the command writes there, as globs: what {@link #start} removes
     * @param continuable whether {@code --resume} continues a folder that holds such a result (a reproduction's or
     *     a sweep's finished runs); a finished training run has nothing left to continue
     */
    record Kind(String command, String what, List<String> finished, List<String> written, boolean continuable) {
        /** {@code train}. */
        static final Kind TRAIN = new Kind("sandwich train", "a finished run", List.of("result.json"),
                List.of("result.json", "model.pt", "epochs.jsonl", "curves-*.png", "checkpoints"), false);
        /** {@code reproduce}. */
        static final Kind REPRODUCE = new Kind("sandwich reproduce", "a finished reproduction",
                List.of("table1.json", "runs/*.json"),
                List.of("table1.*", "figure*.png", "epochs-*.jsonl", "curves", "runs"), true);
        /** {@code sweep}, a whole one or a part. */
        static final Kind SWEEP = new Kind("sandwich sweep", "a finished sweep", List.of("sweep.json", "runs/*.json"),
                List.of("sweep.*", "sweep-*.png", "sweep-part.json", "runs", "checkpoints"), true);
        /** {@code sweep --merge}. */
        static final Kind MERGE = new Kind("sandwich sweep --merge", SWEEP.what, SWEEP.finished, SWEEP.written, false);
        /** {@code generate}. */
        static final Kind GENERATE = new Kind("sandwich generate", "a dataset",
                List.of(dataFiles("tr_"), dataFiles("val_"), dataFiles("test_"), "user.txt"), List.of(), false);

        /** Files named {@code prefix*} with the extension of any format a dataset's files may have, as one glob. */
        private static String dataFiles(String prefix) {
            return prefix + "*.{" + String.join(",", Stream.of(VectorFormat.values())
                    .flatMap(f -> f.extensions().stream()).toList()) + "}";
        }
    }

    private final Path dir;
    private final Kind kind;
    private final Existing existing;
    private final FolderLock lock;

    private OutputFolder(Path dir, Kind kind, Existing existing, FolderLock lock) {
        this.dir = dir;
        this.kind = kind;
        this.existing = existing;
        this.lock = lock;
    }

    /**
     * Checks that {@code dir} can be written, locks it (creating it when missing; a folder left with nothing but
     * the lock is removed again on {@link #close}) and refuses it, with one sentence naming the file and the ways
     * out, when it holds a finished result and {@code existing} is {@link Existing#REFUSE}.
     */
    static OutputFolder claim(Path dir, Kind kind, Existing existing) {
        Outputs.folder("out", dir);
        FolderLock lock = FolderLock.acquire(dir, kind.command());
        OutputFolder f = new OutputFolder(dir, kind, existing, lock);
        try {
            Optional<Path> found = f.first(kind.finished());
            if (found.isPresent() && existing == Existing.REFUSE) {
                throw new SandwichException(setting("out") + " " + dir + " holds " + kind.what() + " ("
                        + found.get() + "); " + (kind.continuable() ? "continue it with " + setting("resume") + ", "
                        : "") + "replace it with " + setting("overwrite") + ", or choose another " + setting("out"));
            }
            if (found.isPresent() && existing == Existing.RESUME && !kind.continuable()) {
                throw new SandwichException(setting("out") + " " + dir + " holds " + kind.what() + " ("
                        + found.get() + "): it has ended, and there is nothing to resume");
            }
            return f;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Whether the caller asked to replace what the folder holds. */
    boolean replacing() {
        return existing == Existing.OVERWRITE;
    }

    /** The first file in the folder, relative to it, that matches one of {@code globs}. */
    Optional<Path> first(List<String> globs) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        for (String glob : globs) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            int depth = glob.split("/").length;
            try (Stream<Path> s = Files.walk(dir, depth)) {
                Optional<Path> hit = s.map(dir::relativize).filter(m::matches).sorted().findFirst();
                if (hit.isPresent()) {
                    return hit;
                }
            } catch (IOException e) {
                throw new SandwichException(dir + ": could not list the folder: " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /**
     * The new run starts: with {@link Existing#OVERWRITE}, every file and folder the command writes is removed
     * from the folder (the finished result first), so that nothing of the old result is mistaken for the new one.
     */
    void start() {
        if (!replacing()) {
            return;
        }
        try {
            for (String glob : kind.finished()) {
                for (Optional<Path> p = first(List.of(glob)); p.isPresent(); p = first(List.of(glob))) {
                    Files.delete(dir.resolve(p.get()));
                }
            }
            for (String glob : kind.written()) {
                for (Optional<Path> p = first(List.of(glob)); p.isPresent(); p = first(List.of(glob))) {
                    deleteTree(dir.resolve(p.get()));
                }
            }
        } catch (IOException e) {
            throw new SandwichException(dir + ": could not remove the earlier result to replace it: "
                    + e.getMessage(), e);
        }
    }

    /** Releases the folder for other runs. */
    @Override
    public void close() {
        lock.close();
    }

    /** Removes {@code p} and everything under it. */
    static void remove(Path p) {
        try {
            deleteTree(p);
        } catch (IOException e) {
            throw new SandwichException(p + ": could not remove it: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
