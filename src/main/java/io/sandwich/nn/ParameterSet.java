package io.sandwich.nn;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.AdamState;
import io.sandwich.backend.Backend;
import io.sandwich.backend.Tensor;
import java.util.List;

/**
 * The parameters of a network in one flat buffer, with same-shaped flat buffers for their gradients and Adam's
 * two moments; each layer's weight and bias are views into them. Keeping them flat lets one fused pass update
 * every parameter.
 *
 * <p>Lifecycle of the optimiser state: the moments start at zero, {@link #adamStep} counts its own steps from 1
 * (bias correction), and {@link #resetOptimizer} starts the count again, as a new {@code torch.optim.Adam}
 * would.
 */
public final class ParameterSet {
    private final Backend backend;
    private final Tensor params;
    private final Tensor grads;
    private final AdamState adam;
    private final Tensor[] weights;
    private final Tensor[] biases;
    private final Tensor[] weightGrads;
    private final Tensor[] biasGrads;
    private int step;

    /** Allocates zeroed storage for the given layers. */
    public ParameterSet(Backend backend, List<LayerSpec> layers) {
        this.backend = backend;
        int total = layers.stream().mapToInt(LayerSpec::parameterCount).sum();
        this.params = backend.allocate(1, total);
        this.grads = backend.allocate(1, total);
        this.adam = backend.allocateAdamState(total);
        int n = layers.size();
        weights = new Tensor[n];
        biases = new Tensor[n];
        weightGrads = new Tensor[n];
        biasGrads = new Tensor[n];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            LayerSpec l = layers.get(i);
            weights[i] = backend.view(params, offset, l.out(), l.in());
            weightGrads[i] = backend.view(grads, offset, l.out(), l.in());
            offset += l.in() * l.out();
            biases[i] = backend.view(params, offset, 1, l.out());
            biasGrads[i] = backend.view(grads, offset, 1, l.out());
            offset += l.out();
        }
    }

    /** Weight of layer i, [out, in]. */
    public Tensor weight(int i) {
        return weights[i];
    }

    /** Bias of layer i, [1, out]. */
    public Tensor bias(int i) {
        return biases[i];
    }

    /** Gradient of layer i's weight. */
    public Tensor weightGrad(int i) {
        return weightGrads[i];
    }

    /** Gradient of layer i's bias. */
    public Tensor biasGrad(int i) {
        return biasGrads[i];
    }

    /** All parameters, flat. */
    public Tensor flat() {
        return params;
    }

    /** All gradients, flat. */
    public Tensor flatGrads() {
        return grads;
    }

    /** Total number of parameters. */
    public int size() {
        return params.size();
    }

    /** One Adam step over every parameter. */
    public void adamStep(AdamConfig config) {
        step++;
        backend.adamStep(params, grads, adam, config, step);
    }

    /** Zeroes the moments and the step count. */
    public void resetOptimizer() {
        step = 0;
        backend.reset(adam);
    }

    /** Steps taken since the last reset. */
    public int steps() {
        return step;
    }
}
