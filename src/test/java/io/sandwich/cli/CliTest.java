package io.sandwich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.VectorFileReader;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands end to end on the embedded dataset, with narrow layers to stay quick. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A training command with narrow layers on the CPU, quietly. */
    static String[] small(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--hidden", "16,16", "--device", "cpu", "--quiet", "--threads", "2"));
        return a.toArray(String[]::new);
    }

    /** A command that only runs saved weights (predict, evaluate), on the CPU. */
    static String[] cpu(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--device", "cpu", "--threads", "2"));
        return a.toArray(String[]::new);
    }

    @Test
    void trainWritesLogsCurvesWeightsAndAResultThatPredictAndEvaluateRead() throws IOException {
        Path out = tmp.resolve("run");
        Path saved = tmp.resolve("legacy.pkl");
        Run r = run(small("train", "--model", "baseline", "--epochs", "2", "--loss", "mse", "--out", out.toString(),
                "--save", saved.toString(), "--save-format", "legacy"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test: accuracy"), r.out());
        for (String f : List.of("epochs.jsonl", "result.json", "model.pt", "curves-loss.png", "curves-accuracy.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(4, Files.readAllLines(out.resolve("epochs.jsonl")).size(), "2 stages x 2 epochs");
        JsonObject result = JsonParser.parseString(Files.readString(out.resolve("result.json"))).getAsJsonObject();
        assertEquals("baseline", result.get("model").getAsString());
        StateDict sd = TorchCheckpointReader.read(saved);
        assertEquals(List.of("prevmodel.0.0.weight", "prevmodel.0.0.bias", "prevmodel.1.0.weight",
                "prevmodel.1.0.bias", "prevmodel.2.0.weight", "prevmodel.2.0.bias", "projective.weight",
                "projective.bias", "projective2.weight", "projective2.bias"), sd.names());

        Path pred = tmp.resolve("pred.txt");
        Run p = run(cpu("predict", "--weights", out.resolve("model.pt").toString(), "--input",
                "data/embedded/test_app.txt", "--output", pred.toString()));
        assertEquals(0, p.code(), p.err());
        CsrMatrix m = VectorFileReader.read(pred, 164);
        assertEquals(857, m.rows());

        Run e = run(cpu("evaluate", "--weights", saved.toString()));
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("| test | 857 |"), e.out());
        double testAcc = result.get("test_accuracy").getAsDouble();
        assertTrue(e.out().contains(String.format(java.util.Locale.ROOT, "%.4f", testAcc)), e.out() + " vs " + testAcc);

        Run i = run("inspect", saved.toString());
        assertEquals(0, i.code(), i.err());
        assertTrue(i.out().contains("projective2.weight"), i.out());
    }

    @Test
    void sandwichModelsTrainSaveAndPredictBothOutputs() throws IOException {
        Path ae = tmp.resolve("ae");
        Run r = run(small("train", "--model", "autoencoder", "--epochs", "1", "--decoder-hidden-layers", "2", "--out",
                ae.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(ae.resolve("epochs.jsonl")).contains("\"stage\":\"decoder\""));
        Path bi = tmp.resolve("bi");
        r = run(small("train", "--model", "bidirectional", "--epochs", "1", "--lr-e", "2e-3", "--out", bi.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test L1 (encoder): accuracy"), r.out());
        Path p2 = tmp.resolve("l2.txt");
        Path p1 = tmp.resolve("l1.txt");
        Run p = run(cpu("predict", "--weights", bi.resolve("model.pt").toString(), "--input",
                "data/embedded/val_app.txt", "--output", p2.toString(), "--output-l1", p1.toString()));
        assertEquals(0, p.code(), p.err());
        assertEquals(164, VectorFileReader.read(p2, 0).cols());
        assertEquals(23, VectorFileReader.read(p1, 0).cols());
        Run wrong = run(cpu("predict", "--weights", ae.resolve("model.pt").toString(), "--input",
                "data/embedded/val_app.txt", "--output", tmp.resolve("x.txt").toString(), "--output-l1",
                tmp.resolve("y.txt").toString()));
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("sandwich autoencoder"), wrong.err());
        assertFalse(Files.exists(tmp.resolve("x.txt")));
    }

    @Test
    void initFromStartsTheEncoderFromAFile() {
        Path first = tmp.resolve("first");
        assertEquals(0, run(small("train", "--model", "app2l1", "--epochs", "1", "--out", first.toString())).code());
        Run r = run(small("train", "--model", "baseline", "--epochs", "1", "--out", tmp.resolve("second").toString(),
                "--init-from", first.resolve("model.pt").toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("started from the given weights for layers [fc1.0, fc2.0, fc3.0]"), r.out());

        Run wrongWidth = run("train", "--model", "app2l1", "--epochs", "1", "--hidden", "32,32", "--quiet",
                "--device", "cpu", "--out", tmp.resolve("third").toString(), "--init-from",
                first.resolve("model.pt").toString());
        assertEquals(1, wrongWidth.code());
        assertTrue(wrongWidth.err().startsWith("error: layer fc1.0: expected weight [32, 52]"), wrongWidth.err());
    }

    @Test
    void badDataGivesOneLineAndWritesNothing() throws IOException {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        for (String f : List.of("tr_app.txt", "val_app.txt", "test_app.txt", "tr_l1.txt", "val_l1.txt", "test_l1.txt",
                "val_l2.txt", "test_l2.txt")) {
            Files.copy(Path.of("data/embedded").resolve(f), data.resolve(f));
        }
        Files.writeString(data.resolve("val_l1.txt"), "0.5 abc\n", java.nio.file.StandardOpenOption.APPEND);
        Path out = tmp.resolve("never");
        Run r = run(small("train", "--model", "app2l1", "--data", data.toString(), "--out", out.toString()));
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("val_l1.txt:1001:"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));

        Run unknown = run(small("train", "--model", "resnet", "--out", out.toString()));
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("expected a model among app2l1"), unknown.err());
        if (io.sandwich.backend.Backends.gpuUnavailableReason().isPresent()) { // where no GPU works
            Run gpu = run("train", "--model", "app2l1", "--device", "gpu", "--out", out.toString());
            assertEquals(1, gpu.code());
            assertTrue(gpu.err().startsWith("error: device gpu0 requested, but ")
                    && gpu.err().contains("use --device cpu"), gpu.err());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void reproducePrintsAndWritesTheTable() throws IOException {
        Path out = tmp.resolve("rep");
        Run r = run(small("reproduce", "--epochs", "1", "--seeds", "2", "--protocol", "clean", "--out",
                out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| baseline + masked | 0.22 |"), r.out());
        String md = Files.readString(out.resolve("table1.md"));
        assertTrue(md.contains("Table 1, clean protocol"), md);
        JsonObject clean = JsonParser.parseString(Files.readString(out.resolve("table1.json"))).getAsJsonObject()
                .getAsJsonObject("clean");
        JsonArray rows = clean.getAsJsonArray("rows");
        assertEquals(7, rows.size(), "majority, 5 report rows, soft-ce");
        assertTrue(md.contains("| bi-directional autoencoders + masked | 0.40 |"), md);
        assertTrue(md.contains("soft-ce (best model, beyond the report)"), md);
        for (String png : List.of("figure1-masked-vs-mse-clean.png", "figure7-bidirectional-clean-loss.png",
                "table1.png", "curves/clean-baseline-masked-loss.png")) {
            assertTrue(Files.size(out.resolve(png)) > 0, png);
        }

        double majority = majorityHere(Path.of("data/embedded"));
        assertEquals(majority, rows.get(0).getAsJsonObject().get("accuracy_mean").getAsDouble(), 1e-12);
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "| majority-class predictor | - | %.3f |",
                majority)), r.out());
        for (JsonElement e : rows) {
            JsonObject row = e.getAsJsonObject();
            double[] seeds = row.getAsJsonArray("accuracy_per_seed").asList().stream()
                    .mapToDouble(JsonElement::getAsDouble).toArray();
            double mean = java.util.Arrays.stream(seeds).average().orElseThrow();
            double std = Math.sqrt(java.util.Arrays.stream(seeds).map(v -> (v - mean) * (v - mean)).sum()
                    / Math.max(1, seeds.length - 1));
            assertEquals(mean, row.get("accuracy_mean").getAsDouble(), 1e-12, row.toString());
            assertEquals(std, row.get("accuracy_std").getAsDouble(), 1e-12, row.toString());
        }
        // a row's seed as train computes it on its own
        Path alone = tmp.resolve("alone");
        Run t = run(small("train", "--model", "baseline", "--loss", "masked", "--epochs", "1", "--seed", "2",
                "--out", alone.toString()));
        assertEquals(0, t.code(), t.err());
        double trained = JsonParser.parseString(Files.readString(alone.resolve("result.json"))).getAsJsonObject()
                .get("test_accuracy").getAsDouble();
        JsonObject baselineMasked = rows.get(3).getAsJsonObject();
        assertEquals("baseline + masked", baselineMasked.get("label").getAsString());
        assertEquals(trained, baselineMasked.getAsJsonArray("accuracy_per_seed").get(1).getAsDouble(), 0.0);
    }

    /**
     * The majority-class predictor's test accuracy, computed here from the files: the most frequent argmax of
     * tr_l2.txt (the lower category on a tie), as a share of test_l2.txt's rows.
     */
    private static double majorityHere(Path data) throws IOException {
        int[] counts = new int[164];
        for (String line : Files.readAllLines(data.resolve("tr_l2.txt"))) {
            counts[argmax(line)]++;
        }
        int majority = 0;
        for (int c = 1; c < counts.length; c++) {
            majority = counts[c] > counts[majority] ? c : majority;
        }
        List<String> test = Files.readAllLines(data.resolve("test_l2.txt"));
        int m = majority;
        return (double) test.stream().filter(l -> argmax(l) == m).count() / test.size();
    }

    private static int argmax(String line) {
        String[] v = line.trim().split("\\s+");
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = Double.parseDouble(v[i]) > Double.parseDouble(v[best]) ? i : best;
        }
        return best;
    }

    @Test
    void generateWritesADatasetThatTrainReads() {
        Path data = tmp.resolve("gen");
        Run g = run("generate", "--users", "300", "--out", data.toString(), "--seed", "5");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().startsWith("wrote 300 users to " + data + ": 229 train, 38 validation, 33 test rows"),
                g.out());
        Run t = run(small("train", "--model", "no-transfer", "--epochs", "1", "--data", data.toString(), "--out",
                tmp.resolve("run").toString()));
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("L2: trains on train rows"), t.out());

        Run few = run("generate", "--users", "99", "--out", tmp.resolve("few").toString());
        assertEquals(1, few.code());
        assertEquals("error: expected between 100 and 100000000 users, found 99", few.err().trim());
        Run missing = run("generate", "--out", tmp.resolve("few").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--users"), missing.err());
    }
}
