package io.sandwich.report;

import com.google.gson.JsonObject;
import io.sandwich.io.AtomicFiles;
import io.sandwich.train.EpochStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collects epoch statistics and writes them as JSON lines (one object per epoch, with any extra fields such as
 * the model, loss and seed of the run), rewritten atomically after each epoch so the file is always whole.
 */
public final class EpochLog implements Consumer<EpochStats> {
    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private Map<String, String> context = Map.of();

    /** A log written to {@code file} (null: kept in memory only). */
    public EpochLog(Path file) {
        this.file = file;
    }

    /** Extra fields added to every following line, e.g. model and seed. */
    public void setContext(Map<String, String> fields) {
        this.context = Map.copyOf(fields);
    }

    @Override
    public void accept(EpochStats s) {
        add(s);
        flush();
    }

    /** Logs several epochs at once (e.g. those of a resumed run before its checkpoint), rewriting the file once. */
    public void acceptAll(List<EpochStats> all) {
        all.forEach(this::add);
        flush();
    }

    private void add(EpochStats s) {
        JsonObject o = new JsonObject();
        context.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> o.addProperty(e.getKey(), e.getValue()));
        o.addProperty("stage", s.stage());
        o.addProperty("epoch", s.epoch());
        add(o, "train_loss", s.trainLoss());
        add(o, "train_accuracy", s.trainAccuracy());
        add(o, "val_loss", s.valLoss());
        add(o, "val_accuracy", s.valAccuracy());
        add(o, "val_top_k", s.valTopK());
        add(o, "seconds", s.seconds());
        lines.add(o.toString());
    }

    private void flush() {
        if (file != null) {
            AtomicFiles.write(file, out -> {
                for (String l : lines) {
                    out.write(l.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            });
        }
    }

    private static void add(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(key, v);
        }
    }
}
