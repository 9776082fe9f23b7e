package io.sandwich.backend;

/**
 * Adam's two moment buffers for a flat parameter buffer of {@link #size()} elements, kept by the backend in
 * whatever memory suits its update kernel.
 */
public interface AdamState {
    /** Number of parameters the moments cover. */
    int size();
}
