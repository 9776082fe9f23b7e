package io.sandwich.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sandwich.train.TrainConfig;
import java.util.List;
import java.util.Locale;

/**
 * The reproduced Table 1 of one protocol: rows, the majority-class baseline they must beat, and notes on which
 * rows each stage used; rendered as Markdown and JSON.
 *
 * @param protocol clean or seed
 * @param dataset the data folder
 * @param epochs epochs per stage (at most, with a patience)
 * @param patience early stopping's patience (0: none)
 * @param seeds seeds per row
 * @param topK k of the top-k column
 * @param rows the table's rows, the majority row first
 * @param notes sentences on the rows each stage used
 */
public record Table1(String protocol, String dataset, int epochs, int patience, int seeds, int topK,
        List<TableRow> rows, List<String> notes) {

    /** The majority-class accuracy (the first row). */
    public double majority() {
        return rows.get(0).accuracy().mean();
    }

    /** One seed gives no spread, so no row is called better or worse than the majority. */
    private static final String NO_SPREAD = "one seed, no spread";

    /**
     * Whether a row's mean accuracy minus one standard deviation over seeds is above the majority row (never with
     * one seed: without a spread nothing is shown to beat it).
     */
    public boolean beatsMajority(TableRow r) {
        return seeds > 1 && r.accuracy().mean() - r.accuracy().std() > majority();
    }

    /**
     * The table in Markdown, followed by a sentence on which rows beat the majority predictor and one on what the
     * report's numbers can be compared with.
     */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Table 1, %s protocol (%s, %s per stage, %d %s)%n%n",
                protocol, dataset, TrainConfig.epochsPhrase(epochs, patience), seeds, seeds == 1 ? "seed" : "seeds"));
        boolean early = patience > 0;
        b.append(String.format(Locale.ROOT, "| model | reported | test accuracy (mean +- std) | top-%d accuracy |"
                + " beats majority |%s%n", topK, early ? " epochs trained |" : ""));
        b.append("|---|---|---|---|---|").append(early ? "---|\n" : "\n");
        for (TableRow r : rows) {
            boolean majorityRow = r.model().equals("majority");
            String beats = majorityRow ? "-" : seeds == 1 ? NO_SPREAD : beatsMajority(r) ? "yes" : "no";
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", r.label(),
                    Double.isNaN(r.reported()) ? "-" : String.format(Locale.ROOT, "%.2f", r.reported()),
                    r.accuracy().format(), r.topK().format(), beats));
            if (early) {
                b.append(majorityRow ? " - |" : String.format(Locale.ROOT, " %.1f |", r.epochs()));
            }
            b.append('\n');
        }
        b.append('\n');
        List<String> winners = rows.stream().skip(1).filter(this::beatsMajority).map(TableRow::label).toList();
        b.append(String.format(Locale.ROOT, "Majority-class predictor: %.3f. ", majority()));
        b.append(seeds == 1 ? "With one seed there is no spread, so no row is shown to beat it."
                : winners.isEmpty() ? "No model beats it by more than one standard deviation over seeds."
                : "Beating it by more than one standard deviation over seeds: " + String.join("; ", winners) + ".");
        b.append('\n');
        b.append("Reported: the report's Table 1, on its own data. The seed's shipped scripts compute none of these"
                + " numbers (baseline.py trains App -> L1 with MSE and prints a mean L1 distance as \"P@1\";"
                + " autoencoders.py trains the baseline's transfer model and divides its test hits by 1000;"
                + " bidirectional.py never trains the sandwich).\n");
        if (early) {
            b.append("Epochs trained: all stages of a run together, mean over seeds.\n");
        }
        if (protocol.equals("seed")) {
            b.append("Warning: the seed protocol trains on rows that include the test rows and selects on the test"
                    + " rows, so these scores leak the test set; only the clean protocol measures generalisation.\n");
        }
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    /** The table as a JSON object. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("protocol", protocol);
        j.addProperty("dataset", dataset);
        j.addProperty("epochs", epochs);
        if (patience > 0) {
            j.addProperty("patience", patience);
        }
        j.addProperty("seeds", seeds);
        j.addProperty("top_k", topK);
        j.addProperty("majority_accuracy", majority());
        JsonArray arr = new JsonArray();
        for (TableRow r : rows) {
            JsonObject o = new JsonObject();
            o.addProperty("label", r.label());
            o.addProperty("model", r.model());
            o.addProperty("loss", r.loss());
            if (!Double.isNaN(r.reported())) {
                o.addProperty("reported", r.reported());
            }
            o.addProperty("accuracy_mean", r.accuracy().mean());
            o.addProperty("accuracy_std", r.accuracy().std());
            o.addProperty("top_k_mean", r.topK().mean());
            o.addProperty("top_k_std", r.topK().std());
            if (seeds > 1) { // one seed has no spread to judge by
                o.addProperty("beats_majority", r != rows.get(0) && beatsMajority(r));
            }
            if (r != rows.get(0)) {
                o.addProperty("epochs_trained_mean", r.epochs());
            }
            o.add("accuracy_per_seed", new GsonBuilder().create().toJsonTree(r.perSeed()));
            arr.add(o);
        }
        j.add("rows", arr);
        j.add("notes", new GsonBuilder().create().toJsonTree(notes));
        return j;
    }
}
