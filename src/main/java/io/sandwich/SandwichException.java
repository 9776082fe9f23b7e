package io.sandwich;

/**
 * Base of the project's own exceptions: each carries a sentence a user can act on; the CLI prints that sentence
 * alone unless {@code --verbose} asks for the stack.
 */
public class SandwichException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a user-facing message. */
    public SandwichException(String message) {
        super(message);
    }

    /** An error with a user-facing message and the low-level cause. */
    public SandwichException(String message, Throwable cause) {
        super(message, cause);
    }
}
