package io.sandwich.api;

import java.nio.file.Path;

/**
 * How to run a weights file over a vector file ({@link Sandwich#predict}).
 *
 * @param weights a {@code torch.save} state_dict
 * @param input input rows, e.g. {@code test_app.txt}
 * @param output where to write one space-separated output row per input row
 * @param outputL1 for a bi-directional model, where to write its second output, the encoder's L1 rows (null: not
 *     written)
 * @param compute where to compute
 */
public record PredictOptions(Path weights, Path input, Path output, Path outputL1, Compute compute) {
    /** The main output of {@code weights} for {@code input}, on the default device. */
    public static PredictOptions of(Path weights, Path input, Path output) {
        return new PredictOptions(weights, input, output, null, Compute.defaults());
    }
}
