package io.sandwich.api;

import static io.sandwich.SandwichException.setting;

import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.model.RunResult;
import io.sandwich.model.SavedModels;
import io.sandwich.provenance.FileDigest;
import io.sandwich.provenance.RunRecord;
import io.sandwich.report.EpochLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains one model into an output folder, from the start or from a checkpoint: claims the folder, reads the initial
 * weights and the data, opens the backend, keeps the run's {@link RunRecord} with its checkpoints and in
 * {@code result.json}, and writes the run's files ({@link TrainFiles}).
 */
final class TrainRun {
    private static final String INIT_FROM = "init-from";
    private static final String INIT_DECODER = "init-decoder";

    private final TrainOptions options;
    private final Path out;
    private final Listener listener;
    private final Checkpoints.WriteHook hook;

    private TrainRun(TrainOptions options, Path out, Listener listener, Checkpoints.WriteHook hook) {
        this.options = options;
        this.out = out;
        this.listener = listener;
        this.hook = hook;
    }

    /** A new run. */
    static TrainResult start(TrainOptions o, Path out, Listener listener, Checkpoints.WriteHook hook) {
        TrainRun run = new TrainRun(o, out, listener, hook);
        try (OutputFolder folder = OutputFolder.claim(out, OutputFolder.Kind.TRAIN,
                o.overwrite() ? OutputFolder.Existing.OVERWRITE : OutputFolder.Existing.REFUSE)) {
            Optional<Path> unfinished = Checkpoints.newestIn(out.resolve("checkpoints"));
            if (unfinished.isPresent() && !folder.replacing()) {
                throw new SandwichException(setting("out") + " " + out + " holds the checkpoints of an unfinished"
                        + " run (" + unfinished.get() + "); continue it with train " + setting("resume") + " " + out
                        + ", replace it with " + setting("overwrite") + ", or choose another " + setting("out"));
            }
            if (o.checkpointEvery().isPresent()) {
                Outputs.folder("checkpointDir", run.checkpointFolder());
            }
            if (o.save().isPresent() && Files.exists(o.save().get()) && !folder.replacing()) {
                throw new SandwichException(setting("save") + " " + o.save().get() + " exists; replace it with "
                        + setting("overwrite") + ", or choose another file");
            }
            return run.execute(folder, null, null);
        }
    }

    /**
     * Continues the run whose checkpoints are in {@code dir} (or {@code dir/checkpoints}) on {@code compute}, with
     * {@code model} and {@code data} when given, else those its record names.
     */
    static TrainResult resume(Path dir, Optional<Recipe> model, Optional<Data> data, Compute compute,
            Listener listener, Checkpoints.WriteHook hook) {
        Checkpoints ck = Checkpoints.resume(dir, hook);
        try {
            JsonObject settings = ck.settings();
            String where = ck.folder().toString();
            if (!settings.has("run")) {
                throw new SandwichException(where + ": written by an earlier version of sandwich, whose checkpoints"
                        + " held a command line instead of a run record; start the run again");
            }
            RunRecord stored = RunRecord.fromJson(settings.get("run"), where);
            TrainRun run;
            try {
                JsonObject outputs = settings.getAsJsonObject("outputs");
                run = new TrainRun(options(stored, outputs, model, data, compute, ck.every()),
                        Path.of(outputs.get("out").getAsString()), listener, hook);
            } catch (IllegalStateException | IllegalArgumentException | NullPointerException
                    | UnsupportedOperationException e) {
                throw new SandwichException(where + ": the checkpoint's settings and output paths are not readable by"
                        + " this version (" + e + ")", e);
            }
            try (OutputFolder folder = OutputFolder.claim(run.out, OutputFolder.Kind.TRAIN,
                    OutputFolder.Existing.RESUME)) {
                listener.onEvent(new Event.Resumed(Checkpoints.newestIn(ck.folder()).orElseThrow()));
                return run.execute(folder, ck, stored);
            }
        } catch (RuntimeException e) {
            ck.close();
            throw e;
        }
    }

    private static TrainOptions options(RunRecord r, JsonObject outputs, Optional<Recipe> model,
            Optional<Data> data, Compute compute, int every) {
        String name = r.settings().model();
        Recipe recipe = model.orElseGet(() -> Models.named(name));
        if (!recipe.name().equals(name)) {
            throw new SandwichException("the checkpoints are of a run of model " + name + ", not " + recipe.name());
        }
        Path folder = r.data().path();
        Data d = data.orElseGet(() -> {
            if (folder.equals(Data.IN_MEMORY)) {
                throw new SandwichException("the run trained on data held in memory: resume it with the same data"
                        + " (Sandwich.resume(dir, model, data, compute, listener))");
            }
            return Data.folder(folder);
        });
        TrainOptions.Builder b = TrainOptions.builder(recipe).data(d).settings(Settings.fromJson(r.settings()
                .values())).compute(compute).checkpointEvery(every)
                .checkpointDir(Path.of(outputs.get("checkpoint_dir").getAsString()))
                .saveFormat(WeightFormat.valueOf(outputs.get("save_format").getAsString()));
        Optional.ofNullable(r.init().get(INIT_FROM)).map(FileDigest::path).ifPresent(b::initFrom);
        Optional.ofNullable(r.init().get(INIT_DECODER)).map(FileDigest::path).ifPresent(b::initDecoder);
        if (outputs.has("save")) {
            b.save(Path.of(outputs.get("save").getAsString()));
        }
        return b.build();
    }

    private Path checkpointFolder() {
        return options.checkpointDir().orElse(out.resolve("checkpoints")).toAbsolutePath();
    }

    private Map<String, Path> initFiles() {
        Map<String, Path> m = new LinkedHashMap<>();
        options.initFrom().ifPresent(f -> m.put(INIT_FROM, f));
        options.initDecoder().ifPresent(f -> m.put(INIT_DECODER, f));
        return m;
    }

    /** Where the checkpoints keep what is not part of the run's identity: its outputs. */
    private JsonObject outputs() {
        JsonObject j = new JsonObject();
        j.addProperty("out", out.toAbsolutePath().toString());
        options.save().ifPresent(f -> j.addProperty("save", f.toAbsolutePath().toString()));
        j.addProperty("save_format", options.saveFormat().name());
        j.addProperty("checkpoint_dir", checkpointFolder().toString());
        return j;
    }

    private TrainResult execute(OutputFolder folder, Checkpoints resumed, RunRecord stored) {
        options.save().ifPresent(f -> Outputs.file("save", f));
        Data.Loaded data = options.data().load(StageRunner.targets(options.model(), options.settings()));
        RunRecord unplaced = RunRecord.of(Runs.record(options.model(), options.settings()), data.digest(),
                initFiles(), null);
        if (stored != null) {
            List<String> changed = stored.differences(unplaced);
            if (!changed.isEmpty()) {
                throw new SandwichException(String.join("; ", changed) + " changed since the run started; a"
                        + " resumed run must continue on the same data from the same weights");
            }
        }
        StageRunner.UserWeights user = new StageRunner.UserWeights(weights(options.initFrom()),
                weights(options.initDecoder()));
        try (Backend backend = options.compute().open(listener)) {
            RunRecord record = unplaced.withBackend(backend.info());
            if (stored != null) {
                stored.arithmeticChange(backend.info()).ifPresent(why -> listener.onEvent(new Event.Notice(
                        "this run will not end bit-identical to an uninterrupted one: " + why)));
            }
            folder.start();
            try (Checkpoints ck = resumed != null ? resumed : startCheckpoints(record)) {
                return train(backend, data, user, record, ck);
            }
        }
    }

    private Checkpoints startCheckpoints(RunRecord record) {
        if (options.checkpointEvery().isEmpty()) {
            return null;
        }
        JsonObject settings = new JsonObject();
        settings.add("run", record.toJson());
        settings.add("outputs", outputs());
        return Checkpoints.start(checkpointFolder(), options.checkpointEvery().getAsInt(), settings, hook);
    }

    private TrainResult train(Backend backend, Data.Loaded data, StageRunner.UserWeights user, RunRecord record,
            Checkpoints ck) {
        Settings s = options.settings();
        EpochLog log = new EpochLog(out.resolve("epochs.jsonl"));
        log.setContext(Map.of("model", options.model().name(), "loss", s.get(Hyperparameters.LOSS).toString(),
                "seed", Long.toString(s.get(Hyperparameters.SEED))));
        if (ck != null) {
            log.acceptAll(ck.history());
        }
        listener.onEvent(new Event.RunStarted(options.model().name(), s.get(Hyperparameters.LOSS),
                data.dataset().source().toString(), s.get(Hyperparameters.PROTOCOL), backend.device().toString()));
        StageRunner runner = new StageRunner(backend, new ListenerProgress(listener,
                options.cancellation().orElseGet(Cancellation::new)), log);
        long t0 = System.nanoTime();
        RunResult r = Runs.translated(() -> runner.run(options.model(), s, data.dataset(), user, ck),
                ck == null ? "no checkpoint was written" : "its checkpoints stay in " + ck.folder() + ": resume"
                        + " continues it");
        double seconds = (System.nanoTime() - t0) / 1e9;
        TrainFiles.write(out, options, r, record, seconds).ifPresent(n -> listener.onEvent(new Event.Notice(n)));
        return new TrainResult(options, r, record.toJson().toString(), out, seconds);
    }

    private static Map<String, float[]> weights(Optional<Path> file) {
        return file.map(f -> SavedModels.weights(TorchCheckpointReader.read(f))).orElse(Map.of());
    }
}
