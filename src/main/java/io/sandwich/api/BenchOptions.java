package io.sandwich.api;

import io.sandwich.backend.LossKind;
import io.sandwich.model.ModelKind;
import java.nio.file.Path;

/**
 * How to measure training throughput ({@link Sandwich#bench}): one model's last-stage network (the
 * bi-directional model's four) trained on the rows of its last stage, without validation passes.
 *
 * @param model the model (app2l1: the seed's baseline net on {@code tr_app} / {@code tr_l1} alone)
 * @param epochs timed epochs (3)
 * @param warmup untimed warm-up epochs before them (1)
 * @param loss the training loss (masked)
 * @param data the data folder (null: the embedded dataset)
 * @param hyper sizes and optimiser settings
 * @param compute where and how to compute
 */
public record BenchOptions(ModelKind model, int epochs, int warmup, LossKind loss, Path data,
        Hyperparameters hyper, Compute compute) {
    /** The command line's defaults: app2l1, 3 timed epochs after 1 warm-up, masked loss. */
    public static BenchOptions defaults() {
        return new BenchOptions(ModelKind.APP2L1, 3, 1, LossKind.MASKED, null, Hyperparameters.defaults(),
                Compute.defaults());
    }
}
