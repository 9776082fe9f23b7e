package io.sandwich.api;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.data.Dataset;
import io.sandwich.backend.Backend;
import io.sandwich.io.AtomicFiles;
import io.sandwich.report.Charts;
import io.sandwich.report.Table1;
import io.sandwich.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Trains every row of Table 1 under each protocol and writes the tables and their bar chart. */
final class ReproduceRun {
    private ReproduceRun() {
    }

    static ReproduceResult run(ReproduceOptions o, Path out, Listener listener) {
        try (OutputFolder folder = OutputFolder.claim(out, OutputFolder.Kind.REPRODUCE,
                OutputFolder.Existing.of(o.resume(), o.overwrite()))) {
            return run(o, folder, out, listener);
        }
    }

    private static ReproduceResult run(ReproduceOptions o, OutputFolder folder, Path out, Listener listener) {
        Data.Loaded data = o.data().load(Dataset.Targets.L1_AND_L2);
        List<Reproduction.Row> rows = new ArrayList<>();
        o.models().forEach(m -> m.table1Rows().forEach(r -> rows.add(new Reproduction.Row(m, r))));
        if (rows.isEmpty()) {
            throw new SandwichException("expected models with Table 1 rows, found none among " + o.models().stream()
                    .map(Recipe::name).toList());
        }
        Settings s = o.settings();
        long t0 = System.nanoTime();
        List<Table1> tables = new ArrayList<>();
        try (Backend backend = o.compute().open(listener)) {
            listener.onEvent(new Event.Said(String.format("reproducing Table 1 on %s: %s per stage, %d seeds, device"
                    + " %s", data.dataset().source(), TrainConfig.epochsPhrase(s.get(Hyperparameters.EPOCHS),
                    s.get(Hyperparameters.PATIENCE)), o.seeds(), backend.device())));
            folder.start();
            Reproduction rep = new Reproduction(backend, listener, out, o.resume());
            for (Protocol p : o.protocols()) {
                tables.add(rep.run(data, p, rows, o.softCe(), o.seeds(), s));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder md = new StringBuilder();
        JsonObject json = new JsonObject();
        for (Table1 t : tables) {
            md.append(t.toMarkdown()).append('\n');
            json.add(t.protocol(), t.toJson());
        }
        md.append(String.format(Locale.ROOT, "Wall time: %.1f s.%n", seconds));
        json.addProperty("seconds", seconds);
        AtomicFiles.writeString(out.resolve("table1.md"), md.toString());
        AtomicFiles.writeString(out.resolve("table1.json"), new GsonBuilder().setPrettyPrinting().create()
                .toJson(json) + "\n");
        drawBars(tables, out.resolve("table1.png"));
        return new ReproduceResult(tables.stream().map(ReproduceRun::table).toList(), md.toString(), seconds);
    }

    private static ReproduceResult.Table table(Table1 t) {
        return new ReproduceResult.Table(Protocol.named(t.protocol()), t.rows().stream().map(r ->
                new ReproduceResult.Row(r.label(), r.model(), r.loss(), r.reported(), r.accuracy().mean(),
                        r.accuracy().std(), r.topK().mean(), java.util.Arrays.stream(r.perSeed()).boxed().toList()))
                .toList(), t.toMarkdown());
    }

    private static void drawBars(List<Table1> tables, Path png) {
        List<String> labels = tables.get(0).rows().stream()
                .map(r -> r.loss().equals("soft-ce") ? "best model + soft-ce" : r.label()).toList();
        Map<String, double[][]> series = new LinkedHashMap<>();
        double[][] reported = new double[2][labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            reported[0][i] = tables.get(0).rows().get(i).reported();
            reported[1][i] = Double.NaN;
        }
        series.put("reported", reported);
        for (Table1 t : tables) {
            double[][] v = new double[2][labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                v[0][i] = t.rows().get(i).accuracy().mean();
                v[1][i] = t.rows().get(i).accuracy().std();
            }
            series.put("ours, " + t.protocol() + " protocol", v);
        }
        Charts.bars(png, "Table 1: test L2 category accuracy", "accuracy", labels, series);
    }
}
