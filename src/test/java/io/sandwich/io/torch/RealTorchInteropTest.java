package io.sandwich.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.ChildProcess;
import io.sandwich.RealTorch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PyTorch ({@code /usr/bin/python3} with torch) loads what the Java writer writes, with
 * {@code weights_only=True} and {@code load_state_dict(strict=True)}, and computes the same forward pass as plain
 * Java. Skipped only where {@code import torch} fails.
 */
class RealTorchInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() {
        RealTorch.assume();
    }

    /** The forward pass check-torch-load.py runs: the Linear layers in order, ReLU between them, in double. */
    static double[] forward(StateDict sd) {
        double[] x = null;
        List<String> weights = new ArrayList<>();
        for (String n : sd.names()) {
            if (n.endsWith(".weight") && sd.get(n).rank() == 2) {
                weights.add(n);
            }
        }
        for (int l = 0; l < weights.size(); l++) {
            String w = weights.get(l);
            TorchTensor wt = sd.get(w);
            int out = wt.dim(0);
            int in = wt.dim(1);
            if (x == null) {
                x = new double[in];
                for (int i = 0; i < in; i++) {
                    x[i] = in == 1 ? -1 : -1.0 + 2.0 * i / (in - 1);
                }
            }
            TorchTensor b = sd.get(w.substring(0, w.length() - "weight".length()) + "bias");
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b.data()[o];
                for (int i = 0; i < in; i++) {
                    s += (double) wt.data()[o * in + i] * x[i];
                }
                y[o] = l < weights.size() - 1 ? Math.max(0, s) : s;
            }
            x = y;
        }
        return x;
    }

    @Test
    void pytorchLoadsJavaOutputAndComputesTheSameForward() throws IOException, InterruptedException {
        Map<String, StateDict> written = new java.util.LinkedHashMap<>();
        for (String fixture : List.of("net_zip.pt", "addlayers_legacy.pt", "net_float16_zip.pt",
                "net_bfloat16_zip.pt", "net_float64_zip.pt")) {
            StateDict sd = TorchCheckpointReader.read(Fixtures.path(fixture));
            for (Format f : Format.values()) {
                Path p = dir.resolve(f.name().toLowerCase() + "-" + fixture);
                TorchCheckpointWriter.write(sd, p, f);
                written.put(p.toString(), sd);
            }
        }
        StateDict sample = TorchCheckpointWriterTest.sample(); // odd dtypes, 0-d and empty tensors
        for (Format f : Format.values()) {
            Path p = dir.resolve(f.name().toLowerCase() + "-sample.pt");
            TorchCheckpointWriter.write(sample, p, f);
            written.put(p.toString(), sample);
        }
        List<String> args = new ArrayList<>(List.of("scripts/test/check-torch-load.py"));
        args.addAll(written.keySet());
        ChildProcess.Result run = RealTorch.python(300, args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.output());
        List<String> lines = run.output().strip().lines().toList();
        JsonObject result = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject(); // after warnings
        for (Map.Entry<String, StateDict> e : written.entrySet()) {
            JsonObject r = result.getAsJsonObject(e.getKey());
            StateDict sd = e.getValue();
            String what = e.getKey();
            List<String> keys = new ArrayList<>();
            r.getAsJsonArray("keys").forEach(k -> keys.add(k.getAsString()));
            assertEquals(sd.names(), keys, what);
            JsonArray values = r.getAsJsonArray("values");
            for (int i = 0; i < keys.size(); i++) {
                TorchTensor t = sd.get(keys.get(i));
                assertEquals(t.dtype(), r.getAsJsonArray("dtypes").get(i).getAsString(), what + " " + keys.get(i));
                assertArrayEquals(t.shape(), Fixtures.ints(r.getAsJsonArray("shapes").get(i)), what);
                assertArrayEquals(t.data(), Fixtures.floats(values.get(i)), what + " " + keys.get(i));
            }
            double[] expected = forward(sd);
            JsonArray output = r.getAsJsonArray("output");
            if (expected == null) {
                assertEquals(0, output.size());
                continue;
            }
            assertEquals(expected.length, output.size(), what);
            for (int i = 0; i < expected.length; i++) {
                double got = output.get(i).getAsDouble();
                assertEquals(expected[i], got, 1e-6 * Math.max(1e-3, Math.abs(expected[i])), what + " output " + i);
            }
        }
        assertEquals(written.size(), result.size());
    }
}
