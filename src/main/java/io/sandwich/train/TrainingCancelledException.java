package io.sandwich.train;

import io.sandwich.SandwichException;

/** The run was asked to stop ({@link Progress#cancelled()}); it stopped before a step, naming which. */
public class TrainingCancelledException extends SandwichException {
    private static final long serialVersionUID = 1L;

    /** Stopped before step {@code step} (1-based, of {@code steps}) of {@code epoch} in {@code stage}. */
    public TrainingCancelledException(String stage, int epoch, int step, int steps) {
        super("cancelled in stage " + stage + " at epoch " + epoch + ", before step " + step + " of " + steps);
    }
}
