package io.sandwich.api;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.data.Dataset;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.torch.Format;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.io.torch.TorchCheckpointWriter;
import io.sandwich.model.Experiment;
import io.sandwich.model.RunResult;
import io.sandwich.model.SavedModels;
import io.sandwich.provenance.FileDigest;
import io.sandwich.provenance.RunRecord;
import io.sandwich.provenance.RunSettings;
import io.sandwich.report.Charts;
import io.sandwich.report.EpochLog;
import io.sandwich.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains one model into an output folder, from the start or from a checkpoint: checks the outputs, reads the
 * initial weights and the data, opens the backend, keeps the run's {@link RunRecord} with its checkpoints and in
 * {@code result.json}, and writes {@code model.pt}, {@code epochs.jsonl} and the learning curves.
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
        if (o.checkpointDir() != null && o.checkpointEvery() == null) {
            throw new SandwichException("--checkpoint-dir needs --checkpoint-every N");
        }
        TrainRun run = new TrainRun(o, out, listener, hook);
        try (OutputFolder folder = OutputFolder.claim("--out", out, OutputFolder.Kind.TRAIN,
                o.overwrite() ? OutputFolder.Existing.OVERWRITE : OutputFolder.Existing.REFUSE)) {
            Optional<Path> unfinished = Checkpoints.newestIn(out.resolve("checkpoints"));
            if (unfinished.isPresent() && !folder.replacing()) {
                throw new SandwichException("--out " + out + " holds the checkpoints of an unfinished run ("
                        + unfinished.get() + "); continue it with train --resume " + out + ", replace it with"
                        + " --overwrite, or choose another --out");
            }
            if (o.checkpointEvery() != null) {
                Outputs.folder("--checkpoint-dir", run.checkpointFolder());
            }
            if (o.save() != null && Files.exists(o.save()) && !folder.replacing()) {
                throw new SandwichException("--save " + o.save() + " exists; replace it with --overwrite, or choose"
                        + " another file");
            }
            return run.execute(folder, null, null);
        }
    }

    /** Continues the run whose checkpoints are in {@code dir} (or {@code dir/checkpoints}) on {@code compute}. */
    static TrainResult resume(Path dir, Compute compute, Listener listener, Checkpoints.WriteHook hook) {
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
                run = new TrainRun(options(stored, outputs, compute, ck.every()),
                        Path.of(outputs.get("out").getAsString()), listener, hook);
            } catch (IllegalStateException | IllegalArgumentException | NullPointerException
                    | UnsupportedOperationException e) {
                throw new SandwichException(where + ": the checkpoint's output paths are not readable by this version ("
                        + e + ")", e);
            }
            try (OutputFolder folder = OutputFolder.claim("--out", run.out, OutputFolder.Kind.TRAIN,
                    OutputFolder.Existing.RESUME)) {
                listener.say("resuming from " + ck.lastGood());
                return run.execute(folder, ck, stored);
            }
        } catch (RuntimeException e) {
            ck.close();
            throw e;
        }
    }

    private static TrainOptions options(RunRecord r, JsonObject outputs, Compute compute, int every) {
        RunSettings s = r.settings();
        TrainConfig c = s.config();
        Hyperparameters h = new Hyperparameters(c.batchSize(), c.adam().lr(), c.adam().weightDecay(),
                s.rates().encoder().lr(), s.rates().decoder().lr(), s.options().hidden(), s.options().sandwichHidden(),
                s.options().dropout(), s.options().decoderHiddenLayers(), c.topK(), c.patience());
        FileDigest from = r.init().get(INIT_FROM);
        FileDigest decoder = r.init().get(INIT_DECODER);
        return new TrainOptions(s.model(), c.loss(), s.protocol(), c.epochs(), c.seed(), r.data().path(), h, compute,
                from == null ? null : from.path(), decoder == null ? null : decoder.path(),
                outputs.has("save") ? Path.of(outputs.get("save").getAsString()) : null,
                Format.valueOf(outputs.get("save_format").getAsString()), every,
                Path.of(outputs.get("checkpoint_dir").getAsString()), false);
    }

    private Path checkpointFolder() {
        return (options.checkpointDir() != null ? options.checkpointDir() : out.resolve("checkpoints"))
                .toAbsolutePath();
    }

    private Map<String, Path> initFiles() {
        Map<String, Path> m = new LinkedHashMap<>();
        if (options.initFrom() != null) {
            m.put(INIT_FROM, options.initFrom());
        }
        if (options.initDecoder() != null) {
            m.put(INIT_DECODER, options.initDecoder());
        }
        return m;
    }

    /** Where the checkpoints keep what is not part of the run's identity: its outputs. */
    private JsonObject outputs() {
        JsonObject j = new JsonObject();
        j.addProperty("out", out.toAbsolutePath().toString());
        if (options.save() != null) {
            j.addProperty("save", options.save().toAbsolutePath().toString());
        }
        j.addProperty("save_format", options.saveFormat().name());
        j.addProperty("checkpoint_dir", checkpointFolder().toString());
        return j;
    }

    private TrainResult execute(OutputFolder folder, Checkpoints resumed, RunRecord stored) {
        if (options.save() != null) {
            Outputs.file("--save", options.save());
        }
        RunSettings settings = options.settings();
        Path dataDir = DataFolders.resolve(options.data());
        Dataset data = Dataset.load(dataDir);
        RunRecord unplaced = RunRecord.of(settings, dataDir, initFiles(), null);
        if (stored != null) {
            List<String> changed = stored.differences(unplaced);
            if (!changed.isEmpty()) {
                throw new SandwichException(String.join("; ", changed) + " changed since the run started; a"
                        + " resumed run must continue on the same data from the same weights");
            }
        }
        Experiment.Init init = new Experiment.Init(weights(options.initFrom()), weights(options.initDecoder()));
        try (Backend backend = options.compute().open(listener)) {
            RunRecord record = unplaced.withBackend(backend.info());
            if (stored != null) {
                stored.arithmeticChange(backend.info()).ifPresent(why -> listener.notice("this run will not end"
                        + " bit-identical to an uninterrupted one: " + why));
            }
            folder.start();
            try (Checkpoints ck = resumed != null ? resumed : startCheckpoints(record)) {
                return train(backend, data, settings, init, record, ck);
            }
        }
    }

    private Checkpoints startCheckpoints(RunRecord record) {
        if (options.checkpointEvery() == null) {
            return null;
        }
        JsonObject settings = new JsonObject();
        settings.add("run", record.toJson());
        settings.add("outputs", outputs());
        return Checkpoints.start(checkpointFolder(), options.checkpointEvery(), settings, hook);
    }

    private TrainResult train(Backend backend, Dataset data, RunSettings s, Experiment.Init init, RunRecord record,
            Checkpoints ck) {
        EpochLog log = new EpochLog(out.resolve("epochs.jsonl"));
        log.setContext(Map.of("model", s.model().cliName(), "loss", s.loss().cliName(), "seed",
                Long.toString(s.seed())));
        if (ck != null) {
            log.acceptAll(ck.history());
        }
        listener.say(String.format("training %s with %s loss on %s (%s, device %s)", s.model(), s.loss(),
                data.directory(), s.protocol(), backend.device()));
        Experiment exp = new Experiment(backend, listener, log);
        long t0 = System.nanoTime();
        RunResult r = exp.run(s.model(), data, s.protocol(), s.options(), s.config(), s.rates(), init, ck);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Charts.learningCurves(r.history(), out, "curves", s.model() + " / " + s.loss());
        StateDict trained = r.weights();
        TorchCheckpointWriter.write(trained, out.resolve("model.pt"), Format.ZIP);
        if (options.save() != null) {
            TorchCheckpointWriter.write(trained, options.save(), options.saveFormat());
        }
        writeResult(r, record, seconds);
        return new TrainResult(options, record, r, out, seconds);
    }

    private static Map<String, float[]> weights(Path file) {
        return file == null ? Map.of() : SavedModels.weights(TorchCheckpointReader.read(file));
    }

    private void writeResult(RunResult r, RunRecord record, double seconds) {
        JsonObject j = new JsonObject();
        j.addProperty("model", r.model().cliName());
        j.addProperty("loss", r.config().loss().cliName());
        j.addProperty("protocol", r.protocol().toString());
        j.addProperty("seed", r.config().seed());
        j.addProperty("epochs", r.config().epochs());
        j.addProperty("patience", r.config().patience());
        j.addProperty("epochs_trained", r.epochsTrained());
        j.addProperty("test_accuracy", r.test().accuracy());
        j.addProperty("test_top_k", r.test().topK());
        j.addProperty("top_k", r.config().topK());
        j.addProperty("test_loss", r.test().loss());
        j.addProperty("test_rows", r.test().rows());
        j.addProperty("seconds", seconds);
        if (r.testL1() != null) {
            j.addProperty("test_l1_accuracy", r.testL1().accuracy());
            j.addProperty("test_l1_top_k", r.testL1().topK());
        }
        j.add("notes", new GsonBuilder().create().toJsonTree(r.notes()));
        j.add("run", record.toJson());
        AtomicFiles.writeString(out.resolve("result.json"), new GsonBuilder().setPrettyPrinting().create().toJson(j)
                + "\n");
    }
}
