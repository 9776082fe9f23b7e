package io.sandwich.nn;

import io.sandwich.SandwichException;

/**
 * One block of a feed-forward network: {@code Linear(in, out)}, then ReLU when {@code relu}, then dropout with
 * probability {@code dropout} while training.
 *
 * @param name the PyTorch state_dict prefix of the Linear, e.g. {@code fc1.0} or {@code projective}
 * @param in input width
 * @param out output width
 * @param relu whether a ReLU follows
 * @param dropout drop probability after the activation, in [0, 1)
 */
public record LayerSpec(String name, int in, int out, boolean relu, float dropout) {
    /** Checks widths and probability. */
    public LayerSpec {
        if (in <= 0 || out <= 0) {
            throw new SandwichException("layer " + name + ": expected positive widths, found " + in + " -> " + out);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new SandwichException("layer " + name + ": expected dropout in [0, 1), found " + dropout);
        }
    }

    /** Number of weights plus biases. */
    public int parameterCount() {
        return in * out + out;
    }
}
