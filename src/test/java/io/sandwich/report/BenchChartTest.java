package io.sandwich.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench-vs-torch summary as it always was, and bench-vs-peers' with a series per contender. */
class BenchChartTest {
    private static final String TORCH = "{\"device\": \"cpu\", \"threads\": 2, \"batches\": ["
            + "{\"batch\": 32, \"sandwich\": 100.0, \"pytorch\": 20.0, \"pytorch_tool\": \"pytorch 1.13 eager\"},"
            + "{\"batch\": 64, \"sandwich\": 150.0, \"pytorch\": 30.0, \"pytorch_tool\": \"pytorch 1.13 eager\"}]}";
    private static final String PEERS = "{\"device\": \"cpu\", \"threads\": 2, \"batches\": ["
            + "{\"batch\": 128, \"sandwich\": 200.0, \"pytorch\": 40.0, \"pytorch_tool\": \"pytorch 1.13 eager\","
            + " \"series\": {\"sandwich\": 200.0, \"pytorch 1.13 eager\": 40.0, \"djl 0.36.0\": 90.0}},"
            + "{\"batch\": 256, \"sandwich\": 300.0, \"pytorch\": 50.0, \"pytorch_tool\": \"pytorch 1.13 eager\","
            + " \"series\": {\"sandwich\": 300.0, \"dl4j 1.0.0-M2.1\": 25.0}}]}";

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    @Test
    void theTorchSummaryGivesSandwichAndPyTorch() {
        Map<String, double[]> s = BenchChart.series(json(TORCH));
        assertEquals(List.of("sandwich", "pytorch 1.13 eager"), List.copyOf(s.keySet()));
        assertArrayEquals(new double[] {100, 150}, s.get("sandwich"));
        assertArrayEquals(new double[] {20, 30}, s.get("pytorch 1.13 eager"));
    }

    @Test
    void seriesReplaceThePairInOrderAndAMissingOneIsNaN() {
        Map<String, double[]> s = BenchChart.series(json(PEERS));
        assertEquals(List.of("sandwich", "pytorch 1.13 eager", "djl 0.36.0", "dl4j 1.0.0-M2.1"),
                List.copyOf(s.keySet()));
        assertArrayEquals(new double[] {200, 300}, s.get("sandwich"));
        assertArrayEquals(new double[] {40, Double.NaN}, s.get("pytorch 1.13 eager"));
        assertArrayEquals(new double[] {Double.NaN, 25}, s.get("dl4j 1.0.0-M2.1"));
    }

    @Test
    void bothFormatsDrawAPng(@TempDir Path dir) throws IOException {
        for (String summary : List.of(TORCH, PEERS)) {
            Path in = dir.resolve("summary.json");
            Path png = dir.resolve("chart.png");
            Files.writeString(in, summary);
            BenchChart.draw(in, png);
            byte[] head = Files.readAllBytes(png);
            assertTrue(head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG");
            Files.delete(png);
        }
    }
}
