package io.sandwich.nn;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.Counter;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A chain of {@link LayerSpec blocks} with its parameters, run batch-wise on a backend. The first layer can take
 * a sparse batch (the App vectors, ~22% non-zero) or a dense tensor (when chained behind another network).
 *
 * <p>Typical step: {@link #forward(SparseBatch, boolean)} or {@link #forward(Tensor, boolean)}, the caller writes
 * dLoss/dOutput into {@link Workspace#outputGrad()}, then {@link #backward}. Gradients overwrite the previous
 * ones unless the backward pass is asked to accumulate.
 */
public final class Network {
    private final Backend backend;
    private final List<LayerSpec> layers;
    private final ParameterSet params;
    private final Map<Integer, Workspace> workspaces = new HashMap<>();
    private Workspace current;
    private SparseBatch sparseInput;
    private Tensor denseInput;
    private long dropoutSeed;
    /** Training forward passes keyed so far: dropout's generator position, kept by the backend (see Counter). */
    private final Counter dropoutCounter;

    /** Builds a network with zeroed parameters; call {@link #initialize} or {@link #importWeights}. */
    public Network(Backend backend, List<LayerSpec> layers) {
        if (layers.isEmpty()) {
            throw new SandwichException("a network needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new SandwichException("layer " + layers.get(i).name() + ": expected input width "
                        + layers.get(i - 1).out() + ", found " + layers.get(i).in());
            }
        }
        this.backend = backend;
        this.layers = List.copyOf(layers);
        this.params = new ParameterSet(backend, this.layers);
        this.dropoutCounter = backend.allocateCounter();
    }

    /** The blocks, in order. */
    public List<LayerSpec> layers() {
        return layers;
    }

    /** The parameters (flat, with gradients and optimiser state). */
    public ParameterSet parameters() {
        return params;
    }

    /** Input width. */
    public int inputWidth() {
        return layers.get(0).in();
    }

    /** Output width. */
    public int outputWidth() {
        return layers.get(layers.size() - 1).out();
    }

    /**
     * Xavier-normal weights (std = sqrt(2 / (fan_in + fan_out))) and PyTorch's default bias init
     * (uniform in +-1/sqrt(fan_in)), drawn from a generator seeded by {@code seed}; also seeds dropout.
     */
    public void initialize(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            double std = Math.sqrt(2.0 / (l.in() + l.out()));
            float[] w = new float[l.in() * l.out()];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (rnd.nextGaussian() * std);
            }
            double bound = 1.0 / Math.sqrt(l.in());
            float[] b = new float[l.out()];
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            backend.upload(w, params.weight(i));
            backend.upload(b, params.bias(i));
        }
        seedDropout(rnd.nextLong());
    }

    /** Reseeds dropout only (weights untouched). */
    public void seedDropout(long seed) {
        restoreDropout(seed, 0);
    }

    /**
     * Dropout's generator position: the seed and the number of training forward passes it has keyed (waits for
     * queued work).
     */
    public long[] dropoutState() {
        return new long[] {dropoutSeed, backend.read(dropoutCounter)};
    }

    /** Puts dropout's generator back where {@link #dropoutState()} found it (resuming a run). */
    public void restoreDropout(long seed, long counter) {
        dropoutSeed = seed;
        backend.set(dropoutCounter, counter);
    }

    /**
     * Forgets the workspaces allocated so far, for a caller that allocated them inside a memory scope it is about
     * to close (a kept-open model between calls); the next pass allocates new ones.
     */
    public void forgetWorkspaces() {
        workspaces.clear();
        current = null;
    }

    /** The workspace for a batch of {@code rows}, allocated on first use. */
    public Workspace workspace(int rows) {
        return workspaces.computeIfAbsent(rows, r -> new Workspace(backend, layers, r, inputWidth()));
    }

    /** Forward pass on a batch, sparse or dense; returns the output tensor (owned by the workspace). */
    public Tensor forward(Batch x, boolean train) {
        if (x instanceof Batch.Sparse s) {
            return forward(s.x(), train);
        }
        return forward(((Batch.Dense) x).x(), train);
    }

    /** Forward pass on a sparse batch; returns the output tensor (owned by the workspace). */
    public Tensor forward(SparseBatch x, boolean train) {
        current = workspace(x.rows());
        sparseInput = x;
        denseInput = null;
        backend.sparseTimesWeightT(x, params.weight(0), 0f, current.out[0]);
        return finishForward(train);
    }

    /** Forward pass on a dense batch; returns the output tensor (owned by the workspace). */
    public Tensor forward(Tensor x, boolean train) {
        current = workspace(x.rows());
        sparseInput = null;
        denseInput = x;
        backend.gemm(false, true, 1f, x, params.weight(0), 0f, current.out[0]);
        return finishForward(train);
    }

    private Tensor finishForward(boolean train) {
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (i > 0) {
                backend.gemm(false, true, 1f, current.out[i - 1], params.weight(i), 0f, current.out[i]);
            }
            backend.addBias(current.out[i], params.bias(i), l.relu());
            if (train && l.dropout() > 0f) {
                backend.dropout(current.out[i], current.mask[i], l.dropout(), dropoutSeed + i, dropoutCounter);
            }
        }
        if (train) {
            backend.increment(dropoutCounter);
        }
        return current.output();
    }

    /** The workspace of the last forward pass. */
    public Workspace last() {
        if (current == null) {
            throw new IllegalStateException("backward before forward");
        }
        return current;
    }

    /**
     * Backward pass of the last training forward, from the gradient the caller wrote into
     * {@link Workspace#outputGrad()}. Parameter gradients are overwritten ({@code accumulate} false) or added
     * to; the gradient with respect to a dense input is written to {@link Workspace#inputGrad()} when
     * {@code wantInputGrad}.
     */
    public void backward(boolean accumulate, boolean wantInputGrad) {
        Workspace ws = last();
        float beta = accumulate ? 1f : 0f;
        for (int i = layers.size() - 1; i >= 0; i--) {
            LayerSpec l = layers.get(i);
            Tensor g = ws.grad[i + 1];
            if (ws.mask[i] != null) {
                backend.multiply(g, ws.mask[i]);
            }
            if (l.relu()) {
                backend.reluBackward(g, ws.out[i]);
            }
            if (i > 0) {
                backend.gemm(true, false, 1f, g, ws.out[i - 1], beta, params.weightGrad(i));
            } else if (sparseInput != null) {
                backend.gradTTimesSparse(g, sparseInput, beta, params.weightGrad(0));
            } else {
                backend.gemm(true, false, 1f, g, denseInput, beta, params.weightGrad(0));
            }
            backend.biasGradient(g, beta, params.biasGrad(i));
            if (i > 0 || (wantInputGrad && denseInput != null)) {
                backend.gemm(false, false, 1f, g, params.weight(i), 0f, ws.grad[i]);
            }
        }
    }

    /**
     * Splits a flat parameter array in this network's layout (see {@link ParameterSet#flat()}) into
     * {@code name.weight} / {@code name.bias} arrays, in layer order.
     */
    public Map<String, float[]> named(float[] flat) {
        if (flat.length != params.size()) {
            throw new SandwichException("expected " + params.size() + " parameters, found " + flat.length);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        int offset = 0;
        for (LayerSpec l : layers) {
            int w = l.in() * l.out();
            out.put(l.name() + ".weight", Arrays.copyOfRange(flat, offset, offset + w));
            out.put(l.name() + ".bias", Arrays.copyOfRange(flat, offset + w, offset + w + l.out()));
            offset += w + l.out();
        }
        return out;
    }

    /**
     * The inverse of {@link #named}: every layer's weight and bias from {@code weights}, concatenated; a missing
     * or wrongly sized entry is an error naming it.
     */
    public float[] flatten(Map<String, float[]> weights) {
        float[] flat = new float[params.size()];
        int offset = 0;
        for (LayerSpec l : layers) {
            for (String part : new String[] {".weight", ".bias"}) {
                float[] a = weights.get(l.name() + part);
                int expected = part.equals(".weight") ? l.in() * l.out() : l.out();
                if (a == null || a.length != expected) {
                    throw new SandwichException("layer " + l.name() + part + ": expected " + expected
                            + " values, found " + (a == null ? "none" : a.length));
                }
                System.arraycopy(a, 0, flat, offset, expected);
                offset += expected;
            }
        }
        return flat;
    }

    /**
     * Sets every layer from {@code weights}; a missing or wrongly sized layer is an error naming it (as
     * {@link #flatten} reports it), raised before anything is set.
     */
    public void importAllWeights(Map<String, float[]> weights) {
        flatten(weights);
        importWeights(weights);
    }

    /** The parameters as {@code name.weight} / {@code name.bias} arrays, in layer order. */
    public Map<String, float[]> exportWeights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            float[] w = new float[params.weight(i).size()];
            float[] b = new float[params.bias(i).size()];
            backend.download(params.weight(i), w);
            backend.download(params.bias(i), b);
            out.put(layers.get(i).name() + ".weight", w);
            out.put(layers.get(i).name() + ".bias", b);
        }
        return out;
    }

    /**
     * Sets the parameters of every layer whose {@code name.weight} and {@code name.bias} are in {@code weights};
     * returns the names of the layers set. A present entry of the wrong size is an error.
     */
    public List<String> importWeights(Map<String, float[]> weights) {
        List<String> set = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            float[] w = weights.get(l.name() + ".weight");
            float[] b = weights.get(l.name() + ".bias");
            if (w == null && b == null) {
                continue;
            }
            if (w == null || b == null || w.length != l.in() * l.out() || b.length != l.out()) {
                throw new SandwichException("layer " + l.name() + ": expected weight [" + l.out() + ", " + l.in()
                        + "] and bias [" + l.out() + "], found " + (w == null ? "no weight" : w.length + " weights")
                        + " and " + (b == null ? "no bias" : b.length + " biases"));
            }
            backend.upload(w, params.weight(i));
            backend.upload(b, params.bias(i));
            set.add(l.name());
        }
        return set;
    }
}
