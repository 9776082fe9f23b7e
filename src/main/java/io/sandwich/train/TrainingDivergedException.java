package io.sandwich.train;

import io.sandwich.SandwichException;

/**
 * The training loss or the weights became NaN or infinite; the message names the stage, epoch and step, and the
 * last good checkpoint (or that there is none).
 */
public class TrainingDivergedException extends SandwichException {
    private static final long serialVersionUID = 1L;

    /**
     * An error for step {@code step} (1-based, of {@code steps}) of {@code epoch} in {@code stage}.
     *
     * @param what what went wrong, e.g. "the loss is NaN"
     * @param lastGood the last good checkpoint, or null when none was written
     */
    public TrainingDivergedException(String stage, int epoch, int step, int steps, String what, String lastGood) {
        super("training diverged in stage " + stage + " at epoch " + epoch + ", step " + step + " of " + steps + ": "
                + what + "; " + (lastGood == null ? "no checkpoint was written ("
                        + SandwichException.setting("checkpointEvery") + " N keeps one)"
                        : "the last good checkpoint is " + lastGood)
                + "; try a lower learning rate (" + SandwichException.setting("lr") + ") or another loss");
    }
}
