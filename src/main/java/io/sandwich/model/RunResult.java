package io.sandwich.model;

import io.sandwich.io.torch.StateDict;
import io.sandwich.train.EpochStats;
import io.sandwich.train.Evaluation;
import io.sandwich.train.TrainConfig;
import java.util.List;

/**
 * The outcome of training one model: its test scores, every epoch of every stage, the trained weights and
 * sentences saying which rows each stage used.
 *
 * @param model the model trained
 * @param protocol clean or seed
 * @param config training settings (seed, loss, epochs)
 * @param test test scores of the model's final output (L2, or L1 for app2l1)
 * @param testL1 test scores of the L1 output of a model that has one besides its L2 output (the bi-directional
 *     model's encoder), else null
 * @param history all epochs of all stages, in order
 * @param weights the trained weights (best validation epoch), named as they are saved
 * @param notes which rows each stage trained, selected and tested on
 */
public record RunResult(ModelKind model, Protocol protocol, TrainConfig config, Evaluation test, Evaluation testL1,
        List<EpochStats> history, StateDict weights, List<String> notes) {

    /** The words that start the one note of a run that diverged ({@link #diverged}). */
    public static final String DIVERGED = "diverged: ";

    /**
     * A run that stopped because its loss or weights became NaN or infinite: no scores, no epochs, no weights, and
     * one note, {@link #DIVERGED} followed by {@code why}.
     */
    public static RunResult diverged(ModelKind model, Protocol protocol, TrainConfig config, String why) {
        Evaluation none = new Evaluation(0, Double.NaN, Double.NaN, Double.NaN);
        return new RunResult(model, protocol, config, none, null, List.of(), new StateDict(), List.of(DIVERGED + why));
    }

    /** Whether the run diverged ({@link #diverged}). */
    public boolean hasDiverged() {
        return history.isEmpty() && notes.size() == 1 && notes.get(0).startsWith(DIVERGED);
    }

    /** Epochs trained over all stages (an epoch of the bi-directional model's two outputs counts once). */
    public int epochsTrained() {
        return (int) history.stream().filter(s -> !s.stage().endsWith("/L1")).count();
    }

    /** The best validation accuracy of the final stage's main output (for choosing among models); NaN if none. */
    public double bestValidationAccuracy() {
        if (history.isEmpty()) {
            return Double.NaN;
        }
        String last = history.get(history.size() - 1).stage();
        String stage = last.endsWith("/L1") ? last.substring(0, last.length() - 3) + "/L2" : last;
        return history.stream().filter(s -> s.stage().equals(stage)).mapToDouble(EpochStats::valAccuracy).max()
                .orElse(Double.NaN);
    }
}
