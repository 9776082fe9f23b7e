package io.sandwich.api;

import io.sandwich.SandwichException;

/**
 * A run's loss or weights became NaN or infinite; the message names the stage, epoch and step, and the last good
 * checkpoint (or that there is none).
 */
public final class TrainingDivergedException extends SandwichException {
    private static final long serialVersionUID = 1L;

    TrainingDivergedException(String message, Throwable cause) {
        super(message, cause);
    }
}
