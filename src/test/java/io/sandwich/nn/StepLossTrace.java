package io.sandwich.nn;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sandwich.TestNets;
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
import io.sandwich.data.VectorFileReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Sandwich's side of the peers' parity check ({@code scripts/bench-vs-peers}): trains the seed's baseline net
 * (tr_app.txt to tr_l1.txt, 2 hidden layers of 1024, ReLU) with dropout off for a few steps in file order (step k
 * takes rows k*B .. k*B+B-1), with the masked loss and Adam (lr 1e-3, weight decay 1e-5), as {@code sandwich bench}
 * computes a step, and writes the initial weights and the step losses for the peers to repeat.
 *
 * <p>Usage: {@code StepLossTrace --data DIR --weights OUT.txt --json OUT.json [--steps 20] [--batch 128]
 * [--threads 2] [--seed 1] [--bf16 false]}; {@code --bf16 true} multiplies in bf16 as {@code sandwich bench --bf16}
 * does (the peers' bf16 parity check). The weights file is plain text: {@code #} comment lines, then per tensor a
 * header {@code name rows cols} and {@code rows} lines of {@code cols} space-separated floats (Float.toString, which
 * reads back exactly); weights in PyTorch's {@code [out, in]} layout (rows = out), a bias as one row; layers in
 * order, weight before bias ({@code fc1.0.weight}, {@code fc1.0.bias}, {@code fc2.0.weight}, ...). The JSON holds
 * {@code tool}, {@code batch}, {@code steps}, {@code blas} and {@code losses}.
 */
public final class StepLossTrace {
    private StepLossTrace() {
    }

    /** Runs the trace (see the class comment for the options). */
    public static void main(String[] args) throws IOException {
        Map<String, String> o = new HashMap<>(Map.of("--steps", "20", "--batch", "128", "--threads", "2",
                "--seed", "1", "--bf16", "false"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !o.containsKey("--data") || !o.containsKey("--weights")
                || !o.containsKey("--json")) {
            System.err.println("usage: StepLossTrace --data DIR --weights OUT.txt --json OUT.json [--steps 20]"
                    + " [--batch 128] [--threads 2] [--seed 1] [--bf16 false]");
            System.exit(2);
        }
        Path dir = Path.of(o.get("--data"));
        int steps = Integer.parseInt(o.get("--steps"));
        int batch = Integer.parseInt(o.get("--batch"));
        CsrMatrix x = VectorFileReader.read(dir.resolve("tr_app.txt"), 0);
        CsrMatrix y = VectorFileReader.read(dir.resolve("tr_l1.txt"), 0);
        if ((long) steps * batch > x.rows()) {
            throw new IllegalArgumentException(steps + " steps of " + batch + " rows need more than the "
                    + x.rows() + " rows of the data");
        }
        JsonArray losses = new JsonArray();
        String blas;
        boolean bf16 = Boolean.parseBoolean(o.get("--bf16"));
        try (Backend b = new CpuBackend(Integer.parseInt(o.get("--threads")), true, bf16)) {
            blas = b.info().libraries().get("openblas");
            Network net = new Network(b, TestNets.seedNet(x.cols(), y.cols(), 1024, 0f, 0f, 0f));
            net.initialize(Long.parseLong(o.get("--seed")));
            writeWeights(Path.of(o.get("--weights")), net);
            // the input path sandwich bench takes: sparse batches where the backend finds them faster, else dense
            DeviceMatrix dm = b.uploadMatrix(x);
            boolean sparse = b.sparseInputPays(dm);
            IndexBuffer order = b.allocateIndices(x.rows());
            int[] natural = new int[x.rows()];
            for (int i = 0; i < natural.length; i++) {
                natural[i] = i;
            }
            b.upload(natural, order);
            SparseBatch sb = sparse ? b.allocateSparseBatch(dm, batch) : null;
            float[] dense = x.toDense();
            float[] targets = y.toDense();
            Tensor xt = b.allocate(batch, x.cols());
            Tensor yt = b.allocate(batch, y.cols());
            Sums acc = b.allocateSums(1);
            AdamConfig adam = AdamConfig.of(1e-3f, 1e-5f);
            double[] a = new double[1];
            for (int s = 0; s < steps; s++) {
                int from = s * batch;
                b.upload(Arrays.copyOfRange(targets, from * y.cols(), (from + batch) * y.cols()), yt);
                Tensor pred;
                if (sparse) {
                    b.gatherSparse(dm, order, from, batch, sb);
                    pred = net.forward(sb, true);
                } else {
                    b.upload(Arrays.copyOfRange(dense, from * x.cols(), (from + batch) * x.cols()), xt);
                    pred = net.forward(xt, true);
                }
                b.zero(acc);
                b.lossAndGradient(LossKind.MASKED, pred, yt, 1f, net.last().outputGrad(), acc, 0);
                b.read(acc, a);
                losses.add(a[0]);
                net.backward(false, false);
                net.parameters().adamStep(adam);
            }
            System.out.println("sandwich parity (" + (sparse ? "sparse" : "dense") + " input), batch " + batch
                    + ", step losses " + losses);
        }
        JsonObject j = new JsonObject();
        j.addProperty("tool", bf16 ? "sandwich --bf16" : "sandwich");
        j.addProperty("batch", batch);
        j.addProperty("steps", steps);
        j.addProperty("blas", blas);
        j.add("losses", losses);
        Files.writeString(Path.of(o.get("--json")), new GsonBuilder().setPrettyPrinting().create().toJson(j) + "\n",
                StandardCharsets.UTF_8);
    }

    /** The network's weights in the plain-text format of the class comment. */
    static void writeWeights(Path file, Network net) throws IOException {
        Map<String, float[]> w = net.exportWeights();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write("# initial weights of StepLossTrace: per tensor 'name rows cols', then rows lines of cols"
                    + " floats; weights [out, in] (PyTorch's layout), biases one row\n");
            for (LayerSpec l : net.layers()) {
                writeTensor(out, l.name() + ".weight", l.out(), l.in(), w.get(l.name() + ".weight"));
                writeTensor(out, l.name() + ".bias", 1, l.out(), w.get(l.name() + ".bias"));
            }
        }
    }

    private static void writeTensor(BufferedWriter out, String name, int rows, int cols, float[] v)
            throws IOException {
        out.write(name + " " + rows + " " + cols + "\n");
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            for (int c = 0; c < cols; c++) {
                line.append(c == 0 ? "" : " ").append(v[r * cols + c]);
            }
            out.write(line.append('\n').toString());
        }
    }
}
