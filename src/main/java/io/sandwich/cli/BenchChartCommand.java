package io.sandwich.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.SandwichException;
import io.sandwich.report.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandwich bench-chart}: draws throughput against batch size from a bench-vs-torch summary. */
@Command(name = "bench-chart", mixinStandardHelpOptions = true,
        description = "Draws samples/s against batch size, sandwich vs PyTorch, from scripts/bench-vs-torch's"
                + " summary.json.")
public final class BenchChartCommand implements Callable<Integer> {
    @Option(names = "--summary", required = true, paramLabel = "FILE", description = "summary.json to read.")
    Path summary;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "Chart to write.")
    Path out;

    @Override
    public Integer call() {
        Outputs.file("--out", out);
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
        Charts.bars(out, "Training throughput, seed baseline net 52-1024-1024-23 (" + j.get("device").getAsString()
                + ", " + j.get("threads").getAsInt() + " threads)", "samples / s", batches, series);
        return 0;
    }
}
