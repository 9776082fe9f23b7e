package io.sandwich.model;

import io.sandwich.nn.Network;
import io.sandwich.train.EpochStats;
import io.sandwich.train.Evaluation;
import io.sandwich.train.TrainConfig;
import java.util.List;

/**
 * The outcome of training one model: its test scores, every epoch of every stage, the final network and
 * sentences saying which rows each stage used.
 *
 * @param model the model trained
 * @param protocol clean or seed
 * @param config training settings (seed, loss, epochs)
 * @param test test scores of the final network on its final target (L2, or L1 for app2l1)
 * @param history all epochs of all stages, in order
 * @param network the trained network (best validation epoch)
 * @param notes which rows each stage trained, selected and tested on
 */
public record RunResult(ModelKind model, Protocol protocol, TrainConfig config, Evaluation test,
        List<EpochStats> history, Network network, List<String> notes) {
}
