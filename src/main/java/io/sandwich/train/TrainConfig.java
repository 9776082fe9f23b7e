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
 * @param patience stop a stage once its validation accuracy has not improved for this many epochs (0: never; a
 *     stage without validation rows runs all its epochs)
 */
public record TrainConfig(int epochs, int batchSize, long seed, LossKind loss, AdamConfig adam, int topK,
        int patience) {
    /** Settings without early stopping. */
    public TrainConfig(int epochs, int batchSize, long seed, LossKind loss, AdamConfig adam, int topK) {
        this(epochs, batchSize, seed, loss, adam, topK, 0);
    }

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
        if (patience < 0) {
            throw new SandwichException("expected a patience of at least 0 epochs (0: no early stopping), found "
                    + patience);
        }
    }

    /** The same settings with another loss. */
    public TrainConfig withLoss(LossKind other) {
        return new TrainConfig(epochs, batchSize, seed, other, adam, topK, patience);
    }

    /** The same settings with another seed. */
    public TrainConfig withSeed(long other) {
        return new TrainConfig(epochs, batchSize, other, loss, adam, topK, patience);
    }

    /** The same settings with another patience (0: no early stopping). */
    public TrainConfig withPatience(int epochsWithoutGain) {
        return new TrainConfig(epochs, batchSize, seed, loss, adam, topK, epochsWithoutGain);
    }

    /** "10 epochs", or with a patience "up to 1000 epochs (early stopping: patience 20)". */
    public String epochsPhrase() {
        return epochsPhrase(epochs, patience);
    }

    /** As {@link #epochsPhrase()} for these numbers. */
    public static String epochsPhrase(int epochs, int patience) {
        return patience == 0 ? epochs + (epochs == 1 ? " epoch" : " epochs")
                : "up to " + epochs + " epochs (early stopping: patience " + patience + ")";
    }

    /**
     * Whether a stage stops before epoch {@code done + 1}: it has run all its epochs, or its best validation
     * accuracy came at epoch {@code bestEpoch} and {@code patience} epochs have passed since without a better one.
     */
    public boolean stopsAfter(int done, int bestEpoch) {
        return done >= epochs || patience > 0 && done - bestEpoch >= patience;
    }
}
