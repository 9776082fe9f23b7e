package io.sandwich.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Initial weights of the three linear layers, in PyTorch's layout: weight {@code [out, in]} row-major, bias
 * {@code [out]}.
 *
 * <p>The parity check's weights file (written by sandwich's {@code StepLossTrace}) is plain text: lines starting
 * with {@code #} are comments; each tensor is a header line {@code name rows cols} followed by {@code rows} lines of
 * {@code cols} space-separated floats. A weight {@code fcK.0.weight} has rows = out, cols = in (PyTorch's
 * {@code [out, in]}); a bias {@code fcK.0.bias} is one row of {@code out} values. Tensors come in layer order,
 * weight before bias.
 *
 * @param layers the layers, input side first
 */
public record InitialWeights(List<Layer> layers) {

    /**
     * One linear layer.
     *
     * @param name the layer's name, e.g. {@code fc1.0}
     * @param out output width (rows of the weight)
     * @param in input width (columns of the weight)
     * @param weight {@code out * in} values, row-major
     * @param bias {@code out} values
     */
    public record Layer(String name, int out, int in, float[] weight, float[] bias) {
    }

    /**
     * Xavier-normal weights (std = sqrt(2 / (fan_in + fan_out))) and PyTorch's default biases (uniform in
     * +-1/sqrt(fan_in)) for the widths {@code widths[0] -> widths[1] -> ...}, drawn layer by layer, weight then bias,
     * from a {@link SplittableRandom} seeded with {@code seed}, as sandwich's {@code Network.initialize} draws them:
     * with seed 1 these are the very weights {@code sandwich bench} starts from.
     */
    public static InitialWeights draw(int[] widths, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            int in = widths[i];
            int out = widths[i + 1];
            double std = Math.sqrt(2.0 / (in + out));
            float[] w = new float[in * out];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (rnd.nextGaussian() * std);
            }
            double bound = 1.0 / Math.sqrt(in);
            float[] b = new float[out];
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            layers.add(new Layer("fc" + (i + 1) + ".0", out, in, w, b));
        }
        return new InitialWeights(layers);
    }

    /** Reads a weights file (format above); every layer needs its weight and its bias. */
    public static InitialWeights read(Path file) throws IOException {
        Map<String, float[][]> tensors = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] h = line.trim().split("\\s+");
                if (h.length != 3) {
                    throw new IOException(file + ": expected a header 'name rows cols', found '" + line + "'");
                }
                int rows = Integer.parseInt(h[1]);
                int cols = Integer.parseInt(h[2]);
                float[] values = new float[rows * cols];
                for (int row = 0; row < rows; row++) {
                    String data = r.readLine();
                    String[] p = data == null ? new String[0] : data.trim().split("\\s+");
                    if (p.length != cols) {
                        throw new IOException(file + ": " + h[0] + " row " + row + ": expected " + cols
                                + " values, found " + p.length);
                    }
                    for (int c = 0; c < cols; c++) {
                        values[row * cols + c] = Float.parseFloat(p[c]);
                    }
                }
                tensors.put(h[0], new float[][] {values, {rows, cols}});
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (Map.Entry<String, float[][]> e : tensors.entrySet()) {
            String key = e.getKey();
            if (!key.endsWith(".weight")) {
                continue;
            }
            String name = key.substring(0, key.length() - ".weight".length());
            float[][] w = e.getValue();
            float[][] b = tensors.get(name + ".bias");
            int out = (int) w[1][0];
            int in = (int) w[1][1];
            if (b == null || b[0].length != out) {
                throw new IOException(file + ": " + name + " needs a bias of " + out + " values");
            }
            layers.add(new Layer(name, out, in, w[0], b[0]));
        }
        if (layers.isEmpty()) {
            throw new IOException(file + " holds no weights");
        }
        return new InitialWeights(layers);
    }

    /** The widths input -> hidden... -> output. */
    public int[] widths() {
        int[] w = new int[layers.size() + 1];
        w[0] = layers.get(0).in();
        for (int i = 0; i < layers.size(); i++) {
            w[i + 1] = layers.get(i).out();
        }
        return w;
    }
}
