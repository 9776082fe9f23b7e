package io.sandwich.api;

import io.sandwich.SandwichException;

/** A run stopped because its {@link Cancellation} asked it to; the message names the stage, epoch and step. */
public final class RunCancelledException extends SandwichException {
    private static final long serialVersionUID = 1L;

    RunCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
