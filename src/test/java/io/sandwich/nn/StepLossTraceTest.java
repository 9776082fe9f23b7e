package io.sandwich.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.backend.Backend;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.model.Architectures;
import io.sandwich.model.ModelOptions;
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
            ModelOptions d = ModelOptions.defaults();
            Network net = new Network(b, Architectures.seedNet(52, 23, new ModelOptions(d.hidden(),
                    d.sandwichHidden(), new float[] {0f, 0f, 0f}, d.decoderHiddenLayers(),
                    d.bidirectionalDecoderLayers())));
            net.initialize(1);
            Map<String, float[]> expected = net.exportWeights();
            assertEquals(expected.keySet(), read.keySet());
            expected.forEach((k, v) -> assertArrayEquals(v, read.get(k), k));
        }
        assertTrue(lines.contains("fc1.0.weight 1024 52") && lines.contains("fc3.0.bias 1 23"));

        JsonObject j = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray losses = j.getAsJsonArray("losses");
        assertEquals(3, losses.size());
        for (int k = 0; k < 3; k++) {
            assertTrue(Double.isFinite(losses.get(k).getAsDouble()) && losses.get(k).getAsDouble() > 0);
        }
        assertEquals(16, j.get("batch").getAsInt());
    }
}
