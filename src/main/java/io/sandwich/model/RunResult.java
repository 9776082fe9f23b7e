package io.sandwich.model;

import io.sandwich.io.torch.StateDict;
import io.sandwich.train.EpochStats;
import io.sandwich.train.Evaluation;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of training one model: its test scores, every epoch of every stage, the trained weights, the stages
 * that early stopping ended, and sentences saying which rows each stage used; or, for a run whose loss or weights
 * became NaN or infinite, why ({@link #diverged}).
 *
 * @param test test scores of the model's final output (L2, or L1 for app2l1)
 * @param testL1 test scores of the L1 output of a model that has one besides its L2 output (the bi-directional
 *     model's encoder)
 * @param history all epochs of all stages, in order
 * @param weights the trained weights (best validation epoch), named as they are saved
 * @param notes which rows each stage trained, selected and tested on, and how each stage ended
 * @param stoppedEarly the stages that early stopping ended before their last epoch, in order
 * @param divergence why training diverged, for a run that did
 */
public record RunResult(Evaluation test, Optional<Evaluation> testL1, List<EpochStats> history, StateDict weights,
        List<String> notes, List<EarlyStop> stoppedEarly, Optional<String> divergence) {
    /** Copies the lists. */
    public RunResult {
        history = List.copyOf(history);
        notes = List.copyOf(notes);
        stoppedEarly = List.copyOf(stoppedEarly);
    }

    /**
     * A stage that early stopping ended.
     *
     * @param stage the stage, as its epochs are named ({@code app2l1}, {@code bidirectional/L2})
     * @param epoch the last epoch it ran
     * @param epochs the epochs it could have run
     * @param patience the epochs without a better validation accuracy that stopped it
     */
    public record EarlyStop(String stage, int epoch, int epochs, int patience) {
        /** The note it leaves: {@code app2l1 stopped early at epoch 23 of 100: no better validation accuracy ...}. */
        public String sentence() {
            return String.format(Locale.ROOT, "%s stopped early at epoch %d of %d: no better validation accuracy in"
                    + " %d epochs", stage, epoch, epochs, patience);
        }
    }

    /** A run that stopped because its loss or weights became NaN or infinite: no scores, epochs or weights. */
    public static RunResult diverged(String why) {
        Evaluation none = new Evaluation(0, Double.NaN, Double.NaN, Double.NaN);
        return new RunResult(none, Optional.empty(), List.of(), new StateDict(), List.of(), List.of(),
                Optional.of(why));
    }

    /** Whether the run diverged ({@link #diverged}). */
    public boolean hasDiverged() {
        return divergence.isPresent();
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
