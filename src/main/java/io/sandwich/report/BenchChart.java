package io.sandwich.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput against batch size from a benchmark script's {@code summary.json}: sandwich against PyTorch
 * ({@code scripts/bench/bench-vs-torch}), or against every peer ({@code scripts/bench/bench-vs-peers}).
 *
 * <p>The summary holds {@code device}, {@code threads} and {@code batches}, one object per batch size with
 * {@code batch}, {@code sandwich} and {@code pytorch} (samples/s) and {@code pytorch_tool} (the PyTorch series'
 * name, read from the first batch). A batch may instead carry {@code series}, an object of series name to samples/s
 * in drawing order; it then replaces the sandwich and PyTorch values, and a series missing from a batch is drawn as
 * 0 there.
 */
public final class BenchChart {
    private BenchChart() {
    }

    /** Reads {@code summary} and draws its batches as bars into {@code png}. */
    public static void draw(Path summary, Path png) {
        JsonObject j;
        try {
            j = JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new SandwichException("could not read " + summary + ": " + e.getMessage(), e);
        }
        List<String> batches = new ArrayList<>();
        for (JsonElement e : j.getAsJsonArray("batches")) {
            batches.add(Integer.toString(e.getAsJsonObject().get("batch").getAsInt()));
        }
        Map<String, double[][]> bars = new LinkedHashMap<>();
        series(j).forEach((name, values) -> {
            double[] none = new double[values.length];
            Arrays.fill(none, Double.NaN);
            bars.put(name, new double[][] {values, none});
        });
        Charts.bars(png, "Training throughput, seed baseline net 52-1024-1024-23 (" + j.get("device").getAsString()
                + ", " + j.get("threads").getAsInt() + " threads)", "samples / s", batches, bars);
    }

    /** Samples/s per series, one value per batch (NaN where a batch lacks the series), in drawing order. */
    static Map<String, double[]> series(JsonObject summary) {
        JsonArray rows = summary.getAsJsonArray("batches");
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.get(i).getAsJsonObject();
            Map<String, Double> values = new LinkedHashMap<>();
            if (r.has("series")) {
                r.getAsJsonObject("series").entrySet().forEach(e -> values.put(e.getKey(),
                        e.getValue().getAsDouble()));
            } else {
                values.put("sandwich", r.get("sandwich").getAsDouble());
                values.put(rows.get(0).getAsJsonObject().get("pytorch_tool").getAsString(),
                        r.get("pytorch").getAsDouble());
            }
            for (Map.Entry<String, Double> e : values.entrySet()) {
                double[] v = out.computeIfAbsent(e.getKey(), k -> {
                    double[] a = new double[rows.size()];
                    Arrays.fill(a, Double.NaN);
                    return a;
                });
                v[i] = e.getValue();
            }
        }
        return out;
    }
}
