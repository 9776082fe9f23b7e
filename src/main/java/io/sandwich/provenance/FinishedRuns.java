package io.sandwich.provenance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.torch.StateDict;
import io.sandwich.model.RunResult;
import io.sandwich.train.EpochStats;
import io.sandwich.train.Evaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finished runs, one JSON file per run in {@code OUT/runs/}, written as each run ends, so that a reproduction or a
 * sweep stopped half-way can continue where it was ({@code --resume}), and so that the parts of a sharded sweep can
 * be merged.
 * Each file holds the run's scores, epoch history and notes with its {@link RunRecord}; a file whose record
 * describes another run (other settings, other data content) is refused rather than replaced, and so is an earlier
 * version's file without a record. Weights are not kept: the table needs none.
 */
public final class FinishedRuns {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Path dir;
    private final boolean reuse;

    /** The store under {@code out/runs}; with {@code reuse} false every run is trained again (and stored). */
    public FinishedRuns(Path out, boolean reuse) {
        this.dir = out.resolve("runs");
        this.reuse = reuse;
    }

    /**
     * A run: its file name in {@code runs/} and its record.
     *
     * @param name the file name without {@code .json}, e.g. {@code clean-baseline-masked-seed2}
     * @param record what the run is
     */
    public record Key(String name, RunRecord record) {
        /** The file name in {@code runs/}. */
        public String fileName() {
            return name + ".json";
        }
    }

    /**
     * The stored result of {@code key}, or null when there is none (or reuse is off).
     *
     * @throws SandwichException when the stored file is not a run this version can read, or is a run with other
     *     settings: continuing would replace a finished result nobody asked to replace
     */
    public RunResult find(Key key) {
        Path file = dir.resolve(key.fileName());
        if (!reuse || !Files.exists(file)) {
            return null;
        }
        List<String> changed;
        try {
            JsonObject j = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            if (j == null || !j.has("run")) {
                throw new IllegalStateException("it has no run record");
            }
            changed = RunRecord.fromJson(j.get("run"), file.toString()).differences(key.record());
            if (changed.isEmpty()) {
                return read(j);
            }
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                | UnsupportedOperationException e) {
            throw new SandwichException(file + ": not a finished run this version can read (" + e.getMessage()
                    + "); delete it to train that run again", e);
        }
        throw new SandwichException(file + ": a finished run whose settings differ from these (" + String.join("; ",
                changed) + "); " + SandwichException.setting("resume") + " continues the same job: replace it with "
                + SandwichException.setting("overwrite") + ", or choose another " + SandwichException.setting("out"));
    }

    private static RunResult read(JsonObject j) {
        List<EpochStats> history = new ArrayList<>();
        j.getAsJsonArray("history").forEach(e -> history.add(GSON.fromJson(e, EpochStats.class)));
        List<String> notes = new ArrayList<>();
        j.getAsJsonArray("notes").forEach(e -> notes.add(e.getAsString()));
        List<RunResult.EarlyStop> stops = new ArrayList<>();
        j.getAsJsonArray("stopped_early").forEach(e -> stops.add(GSON.fromJson(e, RunResult.EarlyStop.class)));
        Optional<Evaluation> testL1 = j.has("test_l1") ? Optional.of(GSON.fromJson(j.get("test_l1"),
                Evaluation.class)) : Optional.empty();
        Optional<String> diverged = j.has("diverged") ? Optional.of(j.get("diverged").getAsString())
                : Optional.empty();
        return new RunResult(GSON.fromJson(j.get("test"), Evaluation.class), testL1, history, new StateDict(), notes,
                stops, diverged);
    }

    /** Stores a finished run. */
    public void save(Key key, RunResult r) {
        JsonObject j = new JsonObject();
        j.add("run", key.record().toJson());
        j.add("test", GSON.toJsonTree(r.test()));
        r.testL1().ifPresent(l1 -> j.add("test_l1", GSON.toJsonTree(l1)));
        j.add("history", GSON.toJsonTree(r.history()));
        j.add("notes", GSON.toJsonTree(r.notes()));
        j.add("stopped_early", GSON.toJsonTree(r.stoppedEarly()));
        r.divergence().ifPresent(why -> j.addProperty("diverged", why));
        AtomicFiles.writeString(dir.resolve(key.fileName()), GSON.toJson(j) + "\n");
    }

    /** How a reused run is announced. */
    public static String reusedNote(Key key) {
        return String.format(Locale.ROOT, "(reused from runs/%s)", key.fileName());
    }
}
