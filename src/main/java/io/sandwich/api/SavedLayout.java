package io.sandwich.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a saved model file is recognised: its tensors' names say its layout, their shapes its widths.
 * {@link SavedLayouts} holds the seed's layouts and those of this project's models; a {@link Recipe} names the one its
 * files have.
 */
public interface SavedLayout {
    /** A short name, e.g. {@code seed Net}. */
    String name();

    /** The layout as an error lists what it expected, e.g. {@code the seed's Net (fc1.0.*, fc2.0.*, ...)}. */
    String expected();

    /**
     * The networks a file with these tensors holds, or empty when the file is not of this layout.
     *
     * @param tensors each tensor's name and shape, in the file's order
     * @throws io.sandwich.SandwichException when the file is of this layout but a tensor is missing or misshapen
     */
    Optional<Saved> match(Map<String, int[]> tensors);

    /**
     * The networks of a file (no dropout: for inference).
     *
     * @param main the layers from the input to the model's output
     * @param l1Head the layers from App to a second, L1 output (the bi-directional model's encoder); empty if none
     * @param tensors the names of every tensor this layout reads (connectors included), which must be all the
     *     file's
     */
    record Saved(List<Layer> main, List<Layer> l1Head, List<String> tensors) {
        /** Copies the lists. */
        public Saved {
            main = List.copyOf(main);
            l1Head = List.copyOf(l1Head);
            tensors = List.copyOf(tensors);
        }
    }
}
