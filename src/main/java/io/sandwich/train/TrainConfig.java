package io.sandwich.train;

import io.sandwich.SandwichException;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.LossKind;

/**
 * Settings of one training stage.
 *
 * @param epochs passes over the training rows
 * @param batchSize rows per step (the last step of an epoch may have fewer)
 * @param seed seeds shuffling and dropout
 * @param loss training loss
 * @param adam optimiser settings
 * @param topK k of the top-k accuracy
 */
public record TrainConfig(int epochs, int batchSize, long seed, LossKind loss, AdamConfig adam, int topK) {
    /** Checks ranges. */
    public TrainConfig {
        if (epochs < 1) {
            throw new SandwichException("expected at least 1 epoch, found " + epochs);
        }
        if (batchSize < 1) {
            throw new SandwichException("expected a batch size of at least 1, found " + batchSize);
        }
        if (topK < 1) {
            throw new SandwichException("expected top-k with k >= 1, found " + topK);
        }
    }

    /** The same settings with another loss. */
    public TrainConfig withLoss(LossKind other) {
        return new TrainConfig(epochs, batchSize, seed, other, adam, topK);
    }

    /** The same settings with another seed. */
    public TrainConfig withSeed(long other) {
        return new TrainConfig(epochs, batchSize, other, loss, adam, topK);
    }
}
