package io.sandwich.backend;

import io.sandwich.SandwichException;

/** A backend operation failed or was called with inconsistent shapes; the message names both. */
public class BackendException extends SandwichException {
    private static final long serialVersionUID = 1L;

    /** An error naming the operation and what went wrong. */
    public BackendException(String message) {
        super(message);
    }

    /** An error with its low-level cause. */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
