package io.sandwich.checkpoint;

import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.io.torch.StateDict;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import io.sandwich.train.EpochStats;
import io.sandwich.train.StageCheckpoint;
import io.sandwich.train.StageState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run's checkpoints. Every {@code every} epochs of a stage, the whole state of the run goes into a new
 * subfolder {@code ckpt-NNNNNN} of the checkpoint folder: the weights, the best weights, Adam's moments, the final
 * weights of each finished stage and {@code state.json} (the run's settings, stage, epoch, Adam step counts,
 * dropout generator positions, the epoch history); {@link CheckpointFormat} says how.
 *
 * <p>Atomicity: the subfolder is written under a hidden temporary name, every file is flushed to disk, then it is
 * renamed into place and the folder entry is flushed too; only then are older checkpoints removed (the newest
 * {@value #KEEP} stay). A process killed at any moment leaves the previous checkpoint whole; the newest complete
 * {@code ckpt-*} folder is the one {@link #resume} reads, and half-written temporary folders are deleted.
 *
 * <p>One run at a time: the folder's {@code .lock} file is locked from {@link #start} or {@link #resume} until
 * {@link #close} (or the process's end, however it ends), and a second run on the same folder is refused.
 * {@link CheckpointFolder} does both.
 */
public final class Checkpoints implements AutoCloseable {
    /**
     * Format tag in {@code state.json}. Format 2: epochs take their row order from
     * {@link io.sandwich.backend.EpochOrder}; format 1 runs shuffled on the host and cannot be continued to the same
     * result.
     */
    public static final String FORMAT = CheckpointFormat.TAG;
    /** How many complete checkpoints are kept. */
    public static final int KEEP = CheckpointFolder.KEEP;

    /**
     * Called in the middle of writing a checkpoint, so that a test can stop or kill the process there. The
     * production code passes {@link #NONE}.
     */
    @FunctionalInterface
    public interface WriteHook {
        /** Does nothing. */
        WriteHook NONE = (number, partial) -> {
        };

        /**
         * Called while checkpoint {@code number} (1 for {@code ckpt-000001}) is being written: its {@code model.pt}
         * is in the hidden temporary folder {@code partial}, nothing else is yet. An exception thrown here fails
         * the write as an I/O error would: the previous checkpoint stays the newest complete one.
         */
        void midWrite(int number, Path partial) throws IOException;
    }

    private final CheckpointFolder folder;
    private final int every;
    private final JsonObject settings;
    private final WriteHook hook;
    private final Map<String, StateDict> finished = new LinkedHashMap<>();
    private final List<EpochStats> history = new ArrayList<>();
    private final StageState resumeState;
    private String lastGood;

    /** Checkpoints into {@code folder} of the run whose progress so far is {@code run}. */
    private Checkpoints(CheckpointFolder folder, CheckpointFormat.Contents run, WriteHook hook) {
        this.folder = folder;
        this.hook = hook;
        every = run.every();
        settings = run.settings();
        finished.putAll(run.finished());
        history.addAll(run.history());
        resumeState = run.stage();
    }

    /** Releases the folder for other runs. */
    @Override
    public void close() {
        folder.close();
    }

    /**
     * Checkpoints for a new run: every {@code every} epochs into {@code dir} (created if missing), which must not
     * hold checkpoints already. {@code settings} is stored with each checkpoint, for {@link #resume}.
     */
    public static Checkpoints start(Path dir, int every, JsonObject settings) {
        return start(dir, every, settings, WriteHook.NONE);
    }

    /** As {@link #start(Path, int, JsonObject)}, calling {@code hook} in the middle of each checkpoint's write. */
    public static Checkpoints start(Path dir, int every, JsonObject settings, WriteHook hook) {
        if (every < 1) {
            throw new SandwichException("expected " + SandwichException.setting("checkpointEvery") + " N with N >= 1,"
                    + " found " + every);
        }
        CheckpointFormat.Contents none = new CheckpointFormat.Contents(every, settings.deepCopy(), Map.of(),
                List.of(), null);
        return new Checkpoints(CheckpointFolder.create(dir), none, hook);
    }

    /** The newest complete checkpoint in {@code dir}, or empty when it holds none (or is not there). */
    public static Optional<Path> newestIn(Path dir) {
        List<Path> all = CheckpointFolder.complete(dir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Reads the newest complete checkpoint in {@code dir} (or in {@code dir/checkpoints}, a run's output folder),
     * removing half-written ones; the run continues writing checkpoints there as before.
     */
    public static Checkpoints resume(Path dir) {
        return resume(dir, WriteHook.NONE);
    }

    /** As {@link #resume(Path)}, calling {@code hook} in the middle of each checkpoint's write. */
    public static Checkpoints resume(Path dir, WriteHook hook) {
        Path newest = CheckpointFolder.newest(dir);
        JsonObject state = CheckpointFormat.readState(newest);
        CheckpointFolder folder = null;
        Checkpoints c;
        try {
            CheckpointFormat.requireCurrent(newest, state);
            folder = CheckpointFolder.continueAfter(newest);
            c = new Checkpoints(folder, CheckpointFormat.read(newest, state), hook);
        } catch (RuntimeException e) {
            if (folder != null) {
                folder.close();
            }
            if (e instanceof SandwichException s) {
                throw s;
            }
            throw new SandwichException(newest + ": not a checkpoint this version can read (" + e.getMessage() + ")",
                    e);
        }
        c.lastGood = describe(newest, c.resumeState);
        folder.removeTemporaries();
        return c;
    }

    /** The folder the checkpoints go to. */
    public Path folder() {
        return folder.dir();
    }

    /** Epochs between checkpoints. */
    public int every() {
        return every;
    }

    /** The run's settings as stored at its start. */
    public JsonObject settings() {
        return settings.deepCopy();
    }

    /** The epochs of every stage so far (on resume: up to the checkpoint), in order. */
    public List<EpochStats> history() {
        return List.copyOf(history);
    }

    /** The final weights of a finished stage, or null when it has not finished. */
    public StateDict finished(String stage) {
        return finished.get(stage);
    }

    /** A stage ended: its final weights are stored with every later checkpoint. */
    public void stageFinished(String stage, StateDict weights) {
        finished.put(stage, weights);
    }

    /** Adds an epoch to the history stored with the next checkpoint. */
    public void record(EpochStats stats) {
        history.add(stats);
    }

    /** The last checkpoint written or resumed from, described for messages; null when none. */
    public String lastGood() {
        return lastGood;
    }

    /** The link for the trainer of stage {@code stage}, whose networks are {@code nets}, in its order. */
    public StageCheckpoint stage(String stage, List<Network> nets) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Network n : nets) {
            for (LayerSpec l : n.layers()) {
                shapes.put(l.name() + ".weight", new int[] {l.out(), l.in()});
                shapes.put(l.name() + ".bias", new int[] {l.out()});
            }
        }
        StageState resume = resumeState != null && resumeState.stage().equals(stage) ? resumeState : null;
        return new StageCheckpoint() {
            @Override
            public StageState resumeFrom() {
                return resume;
            }

            @Override
            public void afterEpoch(int epoch, Supplier<StageState> state) {
                if (epoch % every == 0) {
                    write(state.get(), shapes);
                }
            }

            @Override
            public String lastGood() {
                return Checkpoints.this.lastGood;
            }
        };
    }

    private void write(StageState s, Map<String, int[]> shapes) {
        CheckpointFormat.Contents contents = new CheckpointFormat.Contents(every, settings, finished, history, s);
        Path written = folder.write((number, partial) -> CheckpointFormat.write(partial, contents, shapes,
                () -> hook.midWrite(number, partial)), lastGood);
        lastGood = describe(written, s);
    }

    private static String describe(Path ckpt, StageState s) {
        return ckpt + " (stage " + s.stage() + ", epoch " + s.epoch() + ")";
    }
}
