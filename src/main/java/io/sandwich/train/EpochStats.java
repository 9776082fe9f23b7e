package io.sandwich.train;

/**
 * What one epoch measured; losses are per sample (see {@link io.sandwich.backend.LossKind#meanOverRows()}),
 * accuracies are shares of rows, NaN where there is no validation set.
 *
 * @param stage stage name, e.g. {@code app2l1}
 * @param epoch 1-based epoch
 * @param trainLoss mean training loss (dropout active)
 * @param trainAccuracy training category accuracy (dropout active)
 * @param valLoss validation loss
 * @param valAccuracy validation category accuracy
 * @param valTopK validation top-k accuracy
 * @param seconds wall time of the epoch, validation included
 */
public record EpochStats(String stage, int epoch, double trainLoss, double trainAccuracy, double valLoss,
        double valAccuracy, double valTopK, double seconds) {
}
