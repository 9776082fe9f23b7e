package io.sandwich.api;

import java.util.List;

/**
 * A network of a stage: its layers in order, and where its initial weights come from besides the seeded start.
 *
 * @param layers the blocks from input to output (copied)
 * @param starts earlier stages' or the user's weights it starts from, applied in order (copied)
 */
public record Network(List<Layer> layers, List<Start> starts) {
    /** Copies the lists; a network has at least one layer. */
    public Network {
        layers = List.copyOf(layers);
        starts = List.copyOf(starts);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
    }

    /** The network's input width. */
    public int in() {
        return layers.get(0).in();
    }

    /** The network's output width. */
    public int out() {
        return layers.get(layers.size() - 1).out();
    }
}
