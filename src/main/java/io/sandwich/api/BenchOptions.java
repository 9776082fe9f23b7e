package io.sandwich.api;

import java.util.Objects;

/**
 * How to measure training throughput ({@link Sandwich#bench}): one model's last-stage networks trained on the rows of
 * that stage, without validation passes.
 *
 * @param model the model (app2l1 reads only the training split's App and L1 files, {@code tr_app.txt} and
 *     {@code tr_l1.txt} in any format or as a manifest names them: all a GPU bundle carries)
 * @param epochs timed epochs (3)
 * @param warmup untimed warm-up epochs before them (1)
 * @param data the data
 * @param settings sizes, loss and optimiser settings (their epochs, seed, patience and top-k are not used)
 * @param compute where and how to compute
 */
public record BenchOptions(Recipe model, int epochs, int warmup, Data data, Settings settings, Compute compute) {
    /** Checks that every part is there. */
    public BenchOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(compute, "compute");
    }

    /** The command line's defaults: app2l1, 3 timed epochs after 1 warm-up, the embedded data, default settings. */
    public static BenchOptions defaults() {
        return new BenchOptions(Models.APP2L1, 3, 1, Data.embedded(), Settings.defaults(), Compute.auto());
    }
}
