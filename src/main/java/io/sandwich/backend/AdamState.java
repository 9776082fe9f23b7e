package io.sandwich.backend;

/**
 * Adam's two moment buffers for a flat parameter buffer of {@link #size()} elements, kept by the backend in
 * whatever memory suits its update kernel, and the number of steps taken with them.
 */
public interface AdamState {
    /** Number of parameters the moments cover. */
    int size();

    /** Steps taken since the last reset: {@link Backend#adamStep} adds one before it updates. */
    Counter steps();
}
