package io.sandwich.provenance;

import com.google.gson.JsonObject;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.LossKind;
import io.sandwich.model.ModelKind;
import io.sandwich.model.ModelOptions;
import io.sandwich.model.Protocol;
import io.sandwich.train.Rates;
import io.sandwich.train.TrainConfig;

/**
 * Every setting that decides a run's numbers (not where or how fast it computes). The constructor checks the
 * values through the records they make ({@link TrainConfig}, {@link ModelOptions}, {@link AdamConfig}).
 *
 * @param model the model trained
 * @param protocol clean or seed
 * @param config epochs, batch, seed, loss, Adam and top-k
 * @param options sizes and dropout
 * @param rates the bi-directional model's a_e and a_d (the others use {@code config.adam()})
 */
public record RunSettings(ModelKind model, Protocol protocol, TrainConfig config, ModelOptions options,
        Rates rates) {
    /** The loss of the run. */
    public LossKind loss() {
        return config.loss();
    }

    /** The run's seed. */
    public long seed() {
        return config.seed();
    }

    /** The same settings for another model, loss and seed (a reproduction's rows and seeds). */
    public RunSettings with(ModelKind otherModel, LossKind otherLoss, long otherSeed) {
        return new RunSettings(otherModel, protocol, config.withLoss(otherLoss).withSeed(otherSeed), options, rates);
    }

    /** The settings as JSON, as they appear in a run record. */
    public JsonObject toJson() {
        return RunRecordJson.settings(this);
    }

    /** Reads settings written by {@link #toJson}. */
    public static RunSettings fromJson(JsonObject json) {
        return RunRecordJson.readSettings(json);
    }
}
