package io.sandwich.train;

import io.sandwich.SandwichException;
import io.sandwich.nn.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * A training stage's state after a finished epoch: enough to continue it exactly as if it had not stopped. The
 * shuffling generator is not stored: it is a function of the stage's seed and the epochs done, and is replayed.
 *
 * @param stage stage name, e.g. {@code app2l1}
 * @param epoch epochs done
 * @param bestAccuracy best validation accuracy so far (NaN without validation rows)
 * @param bestEpoch the epoch of that accuracy (early stopping counts from it)
 * @param nets the stage's networks, in the trainer's order
 */
public record StageState(String stage, int epoch, double bestAccuracy, int bestEpoch, List<NetState> nets) {
    /** Checks the fields. */
    public StageState {
        if (epoch < 1) {
            throw new SandwichException("stage " + stage + ": expected at least one finished epoch, found " + epoch);
        }
        nets = List.copyOf(nets);
    }

    /**
     * Copies the state of {@code nets} after {@code epoch}; {@code trackedBest} is the trainer's running best
     * accuracy, negative infinity before any validation (stored as NaN).
     */
    static StageState capture(String stage, int epoch, double trackedBest, int bestEpoch, List<Network> nets,
            Snapshot best) {
        List<NetState> states = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            states.add(NetState.capture(nets.get(i), best, i));
        }
        return new StageState(stage, epoch, Double.isInfinite(trackedBest) ? Double.NaN : trackedBest, bestEpoch,
                states);
    }

    /** The running best accuracy a trainer continues from: negative infinity where none was stored. */
    double trackedBest() {
        return Double.isNaN(bestAccuracy) ? Double.NEGATIVE_INFINITY : bestAccuracy;
    }

    /**
     * Restores this state into {@code nets} and {@code best}, checking that it belongs to {@code stage} and that
     * there are at most {@code epochs} epochs done; returns the first epoch still to run.
     */
    int restore(String expectedStage, int epochs, List<Network> into, Snapshot best) {
        if (!stage.equals(expectedStage) || nets.size() != into.size()) {
            throw new SandwichException("the checkpoint holds stage " + stage + " with " + nets.size()
                    + " networks, not stage " + expectedStage + " with " + into.size());
        }
        if (epoch > epochs) {
            throw new SandwichException("the checkpoint of stage " + stage + " is at epoch " + epoch
                    + ", past the " + epochs + " epochs of the run");
        }
        for (int i = 0; i < into.size(); i++) {
            nets.get(i).restore(into.get(i), best, i);
        }
        return epoch + 1;
    }
}
