package io.sandwich.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * The reproduced Table 1 of one protocol: rows, the majority-class baseline they must beat, and notes on which
 * rows each stage used; rendered as Markdown and JSON.
 *
 * @param protocol clean or seed
 * @param dataset the data folder
 * @param epochs epochs per stage
 * @param seeds seeds per row
 * @param topK k of the top-k column
 * @param rows the table's rows, the majority row first
 * @param notes sentences on the rows each stage used
 */
public record Table1(String protocol, String dataset, int epochs, int seeds, int topK, List<TableRow> rows,
        List<String> notes) {

    /** The majority-class accuracy (the first row). */
    public double majority() {
        return rows.get(0).accuracy().mean();
    }

    /** Whether a row's mean accuracy minus one standard deviation over seeds is above the majority row. */
    public boolean beatsMajority(TableRow r) {
        return r.accuracy().mean() - r.accuracy().std() > majority();
    }

    /** The table in Markdown, followed by a sentence on which rows beat the majority predictor. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Table 1, %s protocol (%s, %d epochs per stage, %d seeds)%n%n",
                protocol, dataset, epochs, seeds));
        b.append(String.format(Locale.ROOT, "| model | reported | test accuracy (mean +- std) | top-%d accuracy |"
                + " beats majority |%n", topK));
        b.append("|---|---|---|---|---|\n");
        for (TableRow r : rows) {
            String beats = r.model().equals("majority") ? "-" : beatsMajority(r) ? "yes" : "no";
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.label(),
                    Double.isNaN(r.reported()) ? "-" : String.format(Locale.ROOT, "%.2f", r.reported()),
                    r.accuracy().format(), r.topK().format(), beats));
        }
        b.append('\n');
        List<String> winners = rows.stream().skip(1).filter(this::beatsMajority).map(TableRow::label).toList();
        b.append(String.format(Locale.ROOT, "Majority-class predictor: %.3f. ", majority()));
        b.append(winners.isEmpty() ? "No model beats it by more than one standard deviation over seeds."
                : "Beating it by more than one standard deviation over seeds: " + String.join("; ", winners) + ".");
        b.append('\n');
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
            o.addProperty("beats_majority", r != rows.get(0) && beatsMajority(r));
            o.add("accuracy_per_seed", new GsonBuilder().create().toJsonTree(r.perSeed()));
            arr.add(o);
        }
        j.add("rows", arr);
        j.add("notes", new GsonBuilder().create().toJsonTree(notes));
        return j;
    }
}
