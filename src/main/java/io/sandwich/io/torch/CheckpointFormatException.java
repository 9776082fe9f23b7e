package io.sandwich.io.torch;

import io.sandwich.SandwichException;

/** A torch checkpoint that is malformed, truncated, hostile or does not hold what the caller needs. */
public class CheckpointFormatException extends SandwichException {
    private static final long serialVersionUID = 1L;

    /** An error with a user-facing message. */
    public CheckpointFormatException(String message) {
        super(message);
    }

    /** An error with a user-facing message and the low-level cause. */
    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
