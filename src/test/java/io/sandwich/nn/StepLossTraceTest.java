package io.sandwich.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.TestNets;
import io.sandwich.backend.Backend;
import io.sandwich.backend.cpu.CpuBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parity trace's weights file reads back as the initialised network, and its losses are written. */
class StepLossTraceTest {
    @Test
    void writesTheInitialWeightsInPyTorchLayoutAndTheStepLosses(@TempDir Path dir) throws IOException {
        Path weights = dir.resolve("w.txt");
        Path json = dir.resolve("losses.json");
        StepLossTrace.main(new String[] {"--data", "data/embedded", "--weights", weights.toString(), "--json",
            json.toString(), "--steps", "3", "--batch", "16", "--threads", "1"});

        List<String> lines = Files.readAllLines(weights);
        assertTrue(lines.get(0).startsWith("#"), lines.get(0));
        Map<String, float[]> read = new HashMap<>();
        int i = 1;
        while (i < lines.size()) {
            String[] h = lines.get(i).split(" ");
            int rows = Integer.parseInt(h[1]);
            int cols = Integer.parseInt(h[2]);
            float[] v = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                String[] p = lines.get(i + 1 + r).split(" ");
                assertEquals(cols, p.length, h[0] + " row " + r);
                for (int c = 0; c < cols; c++) {
                    v[r * cols + c] = Float.parseFloat(p[c]);
                }
            }
            read.put(h[0], v);
            i += 1 + rows;
        }
        try (Backend b = new CpuBackend(1)) {
            Network net = new Network(b, TestNets.seedNet(52, 23, 1024, 0f, 0f, 0f));
            net.initialize(1);
            Map<String, float[]> expected = net.exportWeights();
            assertEquals(expected.keySet(), read.keySet());
            expected.forEach((k, v) -> assertArrayEquals(v, read.get(k), k));
        }
        assertTrue(lines.contains("fc1.0.weight 1024 52") && lines.contains("fc3.0.bias 1 23"));

        JsonObject j = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray losses = j.getAsJsonArray("losses");
        assertEquals(3, losses.size());
        assertEquals(16, j.get("batch").getAsInt());
        double first = firstLossHere(read, Path.of("data/embedded"), 16);
        assertEquals(first, losses.get(0).getAsDouble(), 1e-5 * first, "the first step's loss, before any update");
    }

    /**
     * The masked loss of the first {@code batch} rows under the written weights, computed here in double from the
     * text files: the seed's net (ReLU after fc1 and fc2, no dropout), then the sum over rows of (row sum of the
     * target) times (row sum of squared errors).
     */
    private static double firstLossHere(Map<String, float[]> w, Path data, int batch) throws IOException {
        List<String> app = Files.readAllLines(data.resolve("tr_app.txt"));
        List<String> l1 = Files.readAllLines(data.resolve("tr_l1.txt"));
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            double[] h = parse(app.get(r));
            for (String layer : List.of("fc1.0", "fc2.0", "fc3.0")) {
                float[] wt = w.get(layer + ".weight");
                float[] b = w.get(layer + ".bias");
                double[] next = new double[b.length];
                for (int o = 0; o < b.length; o++) {
                    double z = b[o];
                    for (int i = 0; i < h.length; i++) {
                        z += wt[o * h.length + i] * h[i];
                    }
                    next[o] = layer.equals("fc3.0") ? z : Math.max(0, z);
                }
                h = next;
            }
            double[] t = parse(l1.get(r));
            double weight = 0;
            double squared = 0;
            for (int c = 0; c < t.length; c++) {
                weight += t[c];
                squared += (h[c] - t[c]) * (h[c] - t[c]);
            }
            loss += weight * squared;
        }
        return loss;
    }

    private static double[] parse(String line) {
        return java.util.Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }
}
