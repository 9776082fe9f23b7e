package io.sandwich.api;

/**
 * One block of a feed-forward network: {@code Linear(in, out)}, then ReLU when {@code relu}, then dropout with
 * probability {@code dropout} while training. Its {@code name} is the PyTorch state_dict prefix it is saved under
 * ({@code fc1.0}, {@code projective}), which is how later stages and files find its weights.
 *
 * @param name the state_dict prefix of its Linear
 * @param in input width
 * @param out output width
 * @param relu whether a ReLU follows
 * @param dropout drop probability after the activation, in [0, 1)
 */
public record Layer(String name, int in, int out, boolean relu, float dropout) {
    /** The same block under {@code prefix + name}. */
    public Layer prefixed(String prefix) {
        return new Layer(prefix + name, in, out, relu, dropout);
    }
}
