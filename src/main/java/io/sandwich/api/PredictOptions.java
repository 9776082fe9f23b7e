package io.sandwich.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a weights file over a vector file ({@link Sandwich#predict}).
 *
 * @param weights a {@code torch.save} state_dict
 * @param input input rows, e.g. {@code test_app.txt}
 * @param output where to write one space-separated output row per input row
 * @param outputL1 for a bi-directional model, where to write its second output, the encoder's L1 rows
 * @param compute where to compute
 */
public record PredictOptions(Path weights, Path input, Path output, Optional<Path> outputL1, Compute compute) {
    /** Checks that every part is there. */
    public PredictOptions {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(outputL1, "outputL1");
        Objects.requireNonNull(compute, "compute");
    }

    /** The main output of {@code weights} for {@code input}, on the default device. */
    public static PredictOptions of(Path weights, Path input, Path output) {
        return new PredictOptions(weights, input, output, Optional.empty(), Compute.auto());
    }
}
