package io.sandwich.api;

import io.sandwich.backend.LossKind;
import java.nio.file.Path;

/**
 * How to score a weights file ({@link Sandwich#evaluate}).
 *
 * @param weights a {@code torch.save} state_dict (the seed's layouts or one saved by sandwich)
 * @param data the data folder (null: the embedded dataset)
 * @param loss the loss to report
 * @param topK k of the top-k accuracy
 * @param compute where to compute
 */
public record EvaluateOptions(Path weights, Path data, LossKind loss, int topK, Compute compute) {
    /** {@code weights} on the embedded dataset with the masked loss, top-5, on the default device. */
    public static EvaluateOptions of(Path weights) {
        return new EvaluateOptions(weights, null, LossKind.MASKED, 5, Compute.defaults());
    }
}
