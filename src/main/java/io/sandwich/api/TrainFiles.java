package io.sandwich.api;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.torch.Format;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointWriter;
import io.sandwich.model.RunResult;
import io.sandwich.provenance.RunRecord;
import io.sandwich.report.Charts;
import java.nio.file.Path;

/** The files a finished training run leaves: learning curves, {@code model.pt}, its saved copy, {@code result.json}. */
final class TrainFiles {
    private TrainFiles() {
    }

    /**
     * Writes the run's files, the learning curves last; returns why the curves are missing where this Java cannot
     * draw them (a runtime without {@code java.desktop}, as the GPU bundle's), which loses nothing else.
     */
    static java.util.Optional<String> write(Path out, TrainOptions options, RunResult r, RunRecord record,
            double seconds) {
        Settings s = options.settings();
        StateDict trained = r.weights();
        TorchCheckpointWriter.write(trained, out.resolve("model.pt"), Format.ZIP);
        options.save().ifPresent(f -> TorchCheckpointWriter.write(trained, f,
                Format.valueOf(options.saveFormat().name())));
        JsonObject j = new JsonObject();
        j.addProperty("model", options.model().name());
        j.addProperty("loss", s.get(Hyperparameters.LOSS).toString());
        j.addProperty("protocol", s.get(Hyperparameters.PROTOCOL).toString());
        j.addProperty("seed", s.get(Hyperparameters.SEED));
        j.addProperty("epochs", s.get(Hyperparameters.EPOCHS));
        j.addProperty("patience", s.get(Hyperparameters.PATIENCE));
        j.addProperty("epochs_trained", r.epochsTrained());
        j.addProperty("test_accuracy", r.test().accuracy());
        j.addProperty("test_top_k", r.test().topK());
        j.addProperty("top_k", s.get(Hyperparameters.TOP_K));
        j.addProperty("test_loss", r.test().loss());
        j.addProperty("test_rows", r.test().rows());
        j.addProperty("seconds", seconds);
        r.testL1().ifPresent(l1 -> {
            j.addProperty("test_l1_accuracy", l1.accuracy());
            j.addProperty("test_l1_top_k", l1.topK());
        });
        j.add("notes", new GsonBuilder().create().toJsonTree(r.notes()));
        j.add("run", record.toJson());
        AtomicFiles.writeString(out.resolve("result.json"), new GsonBuilder().setPrettyPrinting().create().toJson(j)
                + "\n");
        try {
            Charts.learningCurves(r.history(), out, "curves", options.model().name() + " / "
                    + s.get(Hyperparameters.LOSS));
            return java.util.Optional.empty();
        } catch (LinkageError | UnsupportedOperationException e) { // the latter: AWT's HeadlessException
            return java.util.Optional.of("no learning curves: this Java cannot draw charts (" + e + ")");
        }
    }
}
