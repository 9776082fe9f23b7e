package io.sandwich.cli;

import io.sandwich.api.Compute;
import io.sandwich.api.Data;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every command that trains (train, reproduce, sweep, bench) besides its hyperparameters: data,
 * compute, captured steps, progress bars.
 */
final class TrainingOptions {
    @Mixin
    SharedOptions.DataFolder data;

    @Mixin
    ComputeOptions computing;

    @Option(names = "--no-graphs", description = "Run each training step's operations one by one instead of"
            + " capturing the step once and replaying it per batch (a CUDA graph on the GPU); same numbers, slower.")
    boolean noGraphs;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** The data. */
    Data data() {
        return data.data();
    }

    /** Where and how to compute. */
    Compute compute() {
        return computing.compute(!noGraphs);
    }
}
