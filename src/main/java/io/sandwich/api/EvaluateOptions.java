package io.sandwich.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to score a weights file ({@link Sandwich#evaluate}) on every split of a dataset that has targets of its
 * output width.
 *
 * @param weights a {@code torch.save} state_dict (the seed's layouts or one saved by sandwich)
 * @param data the data
 * @param loss the loss to report
 * @param topK k of the top-k accuracy
 * @param compute where to compute
 */
public record EvaluateOptions(Path weights, Data data, Loss loss, int topK, Compute compute) {
    /** Checks that every part is there. */
    public EvaluateOptions {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(compute, "compute");
    }

    /** {@code weights} on the embedded dataset with the default loss and top-k, on the default device. */
    public static EvaluateOptions of(Path weights) {
        Settings d = Settings.defaults();
        return new EvaluateOptions(weights, Data.embedded(), d.get(Hyperparameters.LOSS), d.get(Hyperparameters.TOP_K),
                Compute.auto());
    }
}
