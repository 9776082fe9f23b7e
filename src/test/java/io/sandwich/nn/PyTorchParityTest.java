package io.sandwich.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Sums;
import io.sandwich.backend.Tensor;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.CsrMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares forward output, loss, gradients and two Adam steps with fixtures written by real PyTorch
 * ({@code scripts/test/make-parity-fixtures.py}, files in {@code src/test/resources/io/sandwich/parity/}).
 */
class PyTorchParityTest {
    private static final double TOL = 1e-5;

    private static JsonObject fixture(String loss) throws IOException {
        try (InputStream in = PyTorchParityTest.class.getResourceAsStream("/io/sandwich/parity/" + loss + ".json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static float[] flat(JsonElement e) {
        List<Float> out = new ArrayList<>();
        collect(e, out);
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static void collect(JsonElement e, List<Float> out) {
        if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) {
                collect(x, out);
            }
        } else {
            out.add((float) e.getAsDouble());
        }
    }

    private static Map<String, float[]> layers(JsonArray arr) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < arr.size(); i++) {
            JsonObject l = arr.get(i).getAsJsonObject();
            m.put("l" + i + ".weight", flat(l.get("weight")));
            m.put("l" + i + ".bias", flat(l.get("bias")));
        }
        return m;
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            assertTrue(diff <= TOL * Math.max(1.0, Math.abs(expected[i])),
                    what + "[" + i + "]: expected " + expected[i] + ", found " + actual[i]);
        }
    }

    private static void assertLayers(String what, Map<String, float[]> expected, Map<String, float[]> actual) {
        for (String k : expected.keySet()) {
            assertClose(what + " " + k, expected.get(k), actual.get(k));
        }
    }

    private static Map<String, float[]> grads(Backend b, Network net) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < net.layers().size(); i++) {
            float[] w = new float[net.parameters().weightGrad(i).size()];
            float[] g = new float[net.parameters().biasGrad(i).size()];
            b.download(net.parameters().weightGrad(i), w);
            b.download(net.parameters().biasGrad(i), g);
            m.put("l" + i + ".weight", w);
            m.put("l" + i + ".bias", g);
        }
        return m;
    }

    @ParameterizedTest(name = "{0}, sparse input: {1}")
    @CsvSource({"mse,false", "mse,true", "masked,false", "masked,true", "masked-elementwise,true", "l1,true",
        "soft-ce,false", "soft-ce,true"})
    void forwardLossGradientsAndTwoAdamStepsMatchPyTorch(String lossName, boolean sparseInput) throws IOException {
        JsonObject fx = fixture(lossName);
        JsonObject ref = fx.getAsJsonObject("f64");
        JsonObject adam = fx.getAsJsonObject("adam");
        AdamConfig cfg = new AdamConfig(adam.get("lr").getAsFloat(), adam.get("beta1").getAsFloat(),
                adam.get("beta2").getAsFloat(), adam.get("eps").getAsFloat(), adam.get("weight_decay").getAsFloat());
        LossKind loss = LossKind.fromName(lossName);
        JsonArray sizes = fx.getAsJsonArray("sizes");
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.size(); i++) {
            specs.add(new LayerSpec("l" + i, sizes.get(i).getAsInt(), sizes.get(i + 1).getAsInt(),
                    i + 2 < sizes.size(), 0f));
        }
        try (Backend b = new CpuBackend(1)) {
            Network net = new Network(b, specs);
            net.importWeights(layers(ref.getAsJsonArray("layers")));
            float[] x = flat(ref.get("x"));
            float[] y = flat(ref.get("y"));
            int rows = ref.getAsJsonArray("x").size();
            int in = net.inputWidth();
            int out = net.outputWidth();
            Tensor xt = b.allocate(rows, in);
            b.upload(x, xt);
            Tensor yt = b.allocate(rows, out);
            b.upload(y, yt);
            SparseBatch sb = null;
            if (sparseInput) {
                DeviceMatrix dm = b.uploadMatrix(CsrMatrix.fromDense(x, rows, in));
                IndexBuffer order = b.allocateIndices(rows);
                int[] identity = new int[rows];
                for (int i = 0; i < rows; i++) {
                    identity[i] = i;
                }
                b.upload(identity, order);
                sb = b.allocateSparseBatch(dm, rows);
                b.gatherSparse(dm, order, 0, rows, sb);
            }
            Sums acc = b.allocateSums(1);
            String[] stepKeys = {"", "_step2"};
            String[] afterKeys = {"after_step1", "after_step2"};
            for (int step = 0; step < 2; step++) {
                Tensor pred = sparseInput ? net.forward(sb, true) : net.forward(xt, true);
                float[] p = new float[pred.size()];
                b.download(pred, p);
                assertClose("output" + stepKeys[step], flat(ref.get(step == 0 ? "output" : "output_step2")), p);
                b.zero(acc);
                b.lossAndGradient(loss, pred, yt, 1f, net.last().outputGrad(), acc, 0);
                double[] a = new double[1];
                b.read(acc, a);
                double batchLoss = loss.meanOverRows() ? a[0] / rows : a[0];
                double expectedLoss = ref.get(step == 0 ? "loss" : "loss_step2").getAsDouble();
                assertEquals(expectedLoss, batchLoss, TOL * Math.max(1, Math.abs(expectedLoss)), "loss");
                net.backward(false, false);
                assertLayers("grad" + stepKeys[step],
                        layers(ref.getAsJsonArray(step == 0 ? "grads" : "grads_step2")), grads(b, net));
                net.parameters().adamStep(cfg);
                assertLayers(afterKeys[step], layers(ref.getAsJsonArray(afterKeys[step])), net.exportWeights());
            }
        }
    }
}
