package io.sandwich.nn;

import io.sandwich.SandwichException;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.AdamState;
import io.sandwich.backend.Backend;
import io.sandwich.backend.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a network in one flat buffer, with same-shaped flat buffers for their gradients and Adam's
 * two moments; each layer's weight and bias are views into them. Keeping them flat lets one fused pass update
 * every parameter.
 *
 * <p>Lifecycle of the optimiser state: each optimiser slot (0 for ordinary training; the alternating-gradient
 * trainer uses one slot per phase group) has its own Adam moments, allocated at its first step, and its own step
 * count from 1 (bias correction), kept by the backend beside the moments so that a captured training step replays
 * with the right count; {@link #resetOptimizer} zeroes every slot, as new {@code torch.optim.Adam} instances would
 * start.
 */
public final class ParameterSet {
    private final Backend backend;
    private final Tensor params;
    private final Tensor grads;
    private final List<AdamState> slots = new ArrayList<>();
    private final Tensor[] weights;
    private final Tensor[] biases;
    private final Tensor[] weightGrads;
    private final Tensor[] biasGrads;

    /** Allocates zeroed storage for the given layers. */
    public ParameterSet(Backend backend, List<LayerSpec> layers) {
        this.backend = backend;
        int total = layers.stream().mapToInt(LayerSpec::parameterCount).sum();
        this.params = backend.allocate(1, total);
        this.grads = backend.allocate(1, total);
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

    /** One Adam step over every parameter, with the optimiser state of slot 0. */
    public void adamStep(AdamConfig config) {
        adamStep(config, 0);
    }

    /** One Adam step over every parameter, with the optimiser state of {@code slot}. */
    public void adamStep(AdamConfig config, int slot) {
        backend.adamStep(params, grads, slot(slot), config);
    }

    /** The state of {@code slot}, allocated (zeroed) on first use. */
    private AdamState slot(int slot) {
        while (slots.size() <= slot) {
            slots.add(null);
        }
        if (slots.get(slot) == null) {
            slots.set(slot, backend.allocateAdamState(params.size()));
        }
        return slots.get(slot);
    }

    /** Zeroes the moments and step counts of every slot. */
    public void resetOptimizer() {
        for (AdamState s : slots) {
            if (s != null) {
                backend.reset(s);
            }
        }
    }

    /**
     * One optimiser slot's state on the host.
     *
     * @param slot optimiser slot
     * @param step steps taken (the next one is {@code step + 1})
     * @param m first moments, one per parameter
     * @param v second moments, one per parameter
     */
    public record OptimizerSlot(int slot, int step, float[] m, float[] v) {
    }

    /** Copies the state of every slot that has taken a step to the host. */
    public List<OptimizerSlot> exportOptimizer() {
        List<OptimizerSlot> out = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) != null) {
                float[] m = new float[params.size()];
                float[] v = new float[params.size()];
                backend.download(slots.get(i), m, v);
                out.add(new OptimizerSlot(i, Math.toIntExact(backend.read(slots.get(i).steps())), m, v));
            }
        }
        return out;
    }

    /** Replaces the optimiser state with exported slots (other slots start over at their next step). */
    public void importOptimizer(List<OptimizerSlot> saved) {
        resetOptimizer();
        for (OptimizerSlot s : saved) {
            if (s.slot() < 0 || s.step() < 0) {
                throw new SandwichException("optimiser slot " + s.slot() + ": expected a slot and step"
                        + " count >= 0, found step " + s.step());
            }
            AdamState state = slot(s.slot());
            if (s.m().length != params.size() || s.v().length != params.size()) {
                throw new SandwichException("optimiser slot " + s.slot() + ": expected " + params.size()
                        + " moments, found " + s.m().length + " and " + s.v().length);
            }
            backend.upload(s.m(), s.v(), state);
            backend.set(state.steps(), s.step());
        }
    }

    /** Steps taken by slot 0 since the last reset (waits for queued work). */
    public int steps() {
        return slots.isEmpty() || slots.get(0) == null ? 0 : Math.toIntExact(backend.read(slots.get(0).steps()));
    }
}
