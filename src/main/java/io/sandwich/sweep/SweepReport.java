package io.sandwich.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import io.sandwich.metrics.Summary;
import io.sandwich.model.RunResult;
import io.sandwich.report.Charts;
import io.sandwich.sweep.Sweep.Configuration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A finished sweep's results: per configuration the validation accuracy over seeds and the epochs trained; the
 * configuration with the best mean validation accuracy (the first on ties), and its test accuracy alone, since the
 * test rows take no part in the choice. Written as {@code sweep.md}, {@code sweep.json}, {@code sweep.csv} and
 * charts; the files depend on the runs alone, so a merged sweep writes the same bytes as an unsharded one.
 *
 * @param sweep the sweep
 * @param rows one per configuration, in the grid's order
 * @param best the index of the chosen configuration
 * @param test the chosen configuration's test accuracy over seeds
 * @param testTopK the chosen configuration's test top-k accuracy over seeds
 * @param testPerSeed the chosen configuration's test accuracy per seed
 * @param about what the chosen configuration trains, for the headings
 */
public record SweepReport(Sweep sweep, List<Row> rows, int best, Summary test, Summary testTopK,
        double[] testPerSeed, About about) {
    /** Turns values into JSON; a diverged run's NaN accuracy is written as NaN. */
    private static final Gson TREE = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    /**
     * One configuration's results.
     *
     * @param values the swept values
     * @param validation validation accuracy over seeds (each run's best epoch)
     * @param perSeed the validation accuracy per seed
     * @param epochs epochs trained per run, all stages, mean over seeds
     * @param diverged how many of its seeds diverged (a configuration with any is never chosen)
     */
    public record Row(Map<String, String> values, Summary validation, double[] perSeed, double epochs, int diverged) {
    }

    /**
     * What a configuration trains, in the words of the report's headings.
     *
     * @param model the model's name
     * @param protocol the protocol
     * @param epochs the epochs per stage, as {@code 20 epochs} or {@code up to 1000 epochs (early stopping: ...)}
     * @param loss the loss
     * @param topK k of the top-k accuracy
     */
    public record About(String model, String protocol, String epochs, String loss, int topK) {
    }

    /** Summarises {@code results}; {@code about} says what a configuration trains. */
    public static SweepReport of(Sweep.Results results, Function<Configuration, About> about) {
        Sweep sweep = results.sweep();
        int k = sweep.seeds();
        List<Row> rows = new ArrayList<>();
        int best = -1;
        for (int c = 0; c < sweep.configurations().size(); c++) {
            List<RunResult> runs = results.runs().subList(c * k, (c + 1) * k);
            double[] val = runs.stream().mapToDouble(RunResult::bestValidationAccuracy).toArray();
            int diverged = (int) runs.stream().filter(RunResult::hasDiverged).count();
            rows.add(new Row(sweep.configurations().get(c).values(), Summary.of(val), val,
                    runs.stream().mapToInt(RunResult::epochsTrained).average().orElse(Double.NaN), diverged));
            if (diverged == 0 && (best < 0 || rows.get(c).validation().mean() > rows.get(best).validation().mean())) {
                best = c;
            }
        }
        if (best < 0) {
            throw new SandwichException("every configuration of the sweep diverged in at least one seed (see"
                    + " runs/*.json); try lower learning rates");
        }
        List<RunResult> chosen = results.runs().subList(best * k, (best + 1) * k);
        double[] test = chosen.stream().mapToDouble(r -> r.test().accuracy()).toArray();
        return new SweepReport(sweep, rows, best, Summary.of(test),
                Summary.of(chosen.stream().mapToDouble(r -> r.test().topK()).toArray()), test,
                about.apply(sweep.configurations().get(best)));
    }

    /** The chosen configuration. */
    public Configuration chosen() {
        return sweep.configurations().get(best);
    }

    /** Writes {@code sweep.md}, {@code sweep.json}, {@code sweep.csv} and the charts into {@code out}. */
    public void write(Path out) {
        AtomicFiles.writeString(out.resolve("sweep.md"), toMarkdown());
        AtomicFiles.writeString(out.resolve("sweep.json"), new GsonBuilder().setPrettyPrinting()
                .serializeSpecialFloatingPointValues().create().toJson(toJson()) + "\n");
        AtomicFiles.writeString(out.resolve("sweep.csv"), toCsv());
        charts(out);
    }

    private String spread(Row r) {
        return r.diverged() > 0 ? "diverged in " + r.diverged() + " of " + sweep.seeds() + " seeds"
                : spread(r.validation());
    }

    private String spread(Summary s) {
        return sweep.seeds() == 1 ? String.format(Locale.ROOT, "%.4f (one seed, no spread)", s.mean())
                : String.format(Locale.ROOT, "%.4f +- %.4f", s.mean(), s.std());
    }

    /** The table in Markdown with the choice and its test accuracy. */
    public String toMarkdown() {
        List<String> options = sweep.grid().options();
        StringBuilder b = new StringBuilder();
        boolean epochsSwept = options.contains("epochs") || options.contains("patience");
        b.append(String.format(Locale.ROOT, "### Sweep of %s on %s (%s protocol, %s, %s, %d %s per"
                + " configuration)%n%n", about.model(), sweep.base().data().path(), about.protocol(),
                epochsSwept ? "epochs as swept" : about.epochs(),
                options.contains("loss") ? "loss as swept" : about.loss() + " loss", sweep.seeds(),
                sweep.seeds() == 1 ? "seed" : "seeds"));
        b.append("| ").append(String.join(" | ", options)).append(" | validation accuracy (mean +- std) |"
                + " epochs trained | chosen |\n");
        b.append("|---".repeat(options.size() + 3)).append("|\n");
        for (int c = 0; c < rows.size(); c++) {
            Row r = rows.get(c);
            b.append("| ").append(String.join(" | ", r.values().values())).append(" | ")
                    .append(spread(r)).append(String.format(Locale.ROOT, " | %.1f | %s |%n",
                            r.epochs(), c == best ? "**yes**" : ""));
        }
        b.append(String.format(Locale.ROOT, "%nChosen on validation accuracy alone: %s (%s). Its test accuracy: %s,"
                + " top-%d %s. No other configuration's test accuracy was looked at.%n",
                Grid.describe(chosen().values()), spread(rows.get(best).validation()), spread(test),
                about.topK(), spread(testTopK)));
        if (sweep.seeds() == 1) {
            b.append("With one seed there is no spread: differences between configurations may be noise.\n");
        }
        return b.toString();
    }

    /** The results as JSON. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("model", about.model());
        j.addProperty("data", sweep.base().data().path().toString());
        j.addProperty("seeds", sweep.seeds());
        j.addProperty("selection", "mean validation accuracy over seeds");
        JsonArray configs = new JsonArray();
        for (Row r : rows) {
            JsonObject o = new JsonObject();
            o.add("values", TREE.toJsonTree(r.values()));
            o.addProperty("validation_accuracy_mean", r.validation().mean());
            o.addProperty("validation_accuracy_std", r.validation().std());
            o.add("validation_accuracy_per_seed", TREE.toJsonTree(r.perSeed()));
            o.addProperty("epochs_trained_mean", r.epochs());
            o.addProperty("diverged_seeds", r.diverged());
            configs.add(o);
        }
        j.add("configurations", configs);
        JsonObject chosenJson = new JsonObject();
        chosenJson.add("values", TREE.toJsonTree(chosen().values()));
        chosenJson.addProperty("validation_accuracy_mean", rows.get(best).validation().mean());
        chosenJson.addProperty("test_accuracy_mean", test.mean());
        chosenJson.addProperty("test_accuracy_std", test.std());
        chosenJson.add("test_accuracy_per_seed", TREE.toJsonTree(testPerSeed));
        chosenJson.addProperty("test_top_k_mean", testTopK.mean());
        chosenJson.add("settings", chosen().seeds().get(0).toJson());
        j.add("chosen", chosenJson);
        return j;
    }

    /** One line per configuration; the test columns are filled for the chosen one alone. */
    public String toCsv() {
        StringBuilder b = new StringBuilder(String.join(",", sweep.grid().options()));
        b.append(",validation_accuracy_mean,validation_accuracy_std,epochs_trained_mean,diverged_seeds,chosen,"
                + "test_accuracy_mean,test_accuracy_std\n");
        for (int c = 0; c < rows.size(); c++) {
            Row r = rows.get(c);
            r.values().values().forEach(v -> b.append(v.contains(",") ? '"' + v + '"' : v).append(','));
            b.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s,%s%n", r.validation().mean(),
                    r.validation().std(), r.epochs(), r.diverged(), c == best,
                    c == best ? Double.toString(test.mean()) : "", c == best ? Double.toString(test.std()) : ""));
        }
        return b.toString();
    }

    /**
     * {@code sweep-OPTION.png} per swept option (validation accuracy per value: with other options swept too, of
     * the best configuration with that value) and {@code sweep-heatmap.png} when exactly two options are swept.
     */
    private void charts(Path out) {
        String model = about.model();
        for (Grid.Axis a : sweep.grid().axes()) {
            double[][] v = new double[2][a.values().size()];
            for (int i = 0; i < a.values().size(); i++) {
                String value = a.values().get(i);
                Row top = rows.stream().filter(r -> r.values().get(a.option()).equals(value))
                        .max((x, y) -> Double.compare(x.validation().mean(), y.validation().mean())).orElseThrow();
                v[0][i] = top.validation().mean();
                v[1][i] = top.validation().std();
            }
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("validation accuracy" + (sweep.grid().axes().size() > 1 ? " (best over the other options)"
                    : ""), v);
            Charts.bars(out.resolve("sweep-" + a.option() + ".png"), "Sweep of " + model + ": " + a.option(),
                    "validation accuracy", a.values(), series);
        }
        if (sweep.grid().axes().size() == 2) {
            Grid.Axis x = sweep.grid().axes().get(0);
            Grid.Axis y = sweep.grid().axes().get(1);
            double[][] heat = new double[x.values().size()][y.values().size()];
            for (int c = 0; c < rows.size(); c++) {
                heat[c / y.values().size()][c % y.values().size()] = rows.get(c).validation().mean();
            }
            Charts.heatmap(out.resolve("sweep-heatmap.png"), "Sweep of " + model + ": mean validation accuracy",
                    x.option(), x.values(), y.option(), y.values(), heat);
        }
    }
}
