package io.sandwich.train;

import io.sandwich.SandwichException;

/** The training loss became NaN or infinite; the message names the stage and epoch. */
public class TrainingDivergedException extends SandwichException {
    private static final long serialVersionUID = 1L;

    /** An error for the given stage and epoch. */
    public TrainingDivergedException(String stage, int epoch, double loss) {
        super("training diverged in stage " + stage + " at epoch " + epoch + " (loss " + loss
                + "); try a lower learning rate (--lr) or another loss");
    }
}
