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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Throughput against batch size, sandwich against PyTorch, from the benchmark script's {@code summary.json}. */
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
        JsonArray rows = j.getAsJsonArray("batches");
        List<String> batches = new ArrayList<>();
        double[][] s = new double[2][rows.size()];
        double[][] t = new double[2][rows.size()];
        int i = 0;
        for (JsonElement e : rows) {
            JsonObject r = e.getAsJsonObject();
            batches.add(Integer.toString(r.get("batch").getAsInt()));
            s[0][i] = r.get("sandwich").getAsDouble();
            t[0][i] = r.get("pytorch").getAsDouble();
            s[1][i] = Double.NaN;
            t[1][i] = Double.NaN;
            i++;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("sandwich", s);
        series.put(rows.get(0).getAsJsonObject().get("pytorch_tool").getAsString(), t);
        Charts.bars(png, "Training throughput, seed baseline net 52-1024-1024-23 (" + j.get("device").getAsString()
                + ", " + j.get("threads").getAsInt() + " threads)", "samples / s", batches, series);
    }
}
