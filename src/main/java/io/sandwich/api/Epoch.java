package io.sandwich.api;

/**
 * What one epoch of a stage measured; losses are per sample, accuracies shares of rows, NaN where the stage has no
 * validation rows.
 *
 * @param stage the stage, e.g. {@code app2l1} (the bi-directional model's two outputs: {@code bidirectional/L2},
 *     {@code bidirectional/L1})
 * @param epoch 1-based
 * @param trainLoss mean training loss (dropout active)
 * @param trainAccuracy training category accuracy (dropout active)
 * @param valLoss validation loss
 * @param valAccuracy validation category accuracy (argmax of output = argmax of target)
 * @param valTopK validation top-k accuracy
 * @param seconds wall time of the epoch, validation included
 */
public record Epoch(String stage, int epoch, double trainLoss, double trainAccuracy, double valLoss,
        double valAccuracy, double valTopK, double seconds) {
    static Epoch of(io.sandwich.train.EpochStats s) {
        return new Epoch(s.stage(), s.epoch(), s.trainLoss(), s.trainAccuracy(), s.valLoss(), s.valAccuracy(),
                s.valTopK(), s.seconds());
    }
}
