package io.sandwich.api;

/**
 * Hears what a run does, as typed {@link Event}s, and each training step (a separate call, so that a step allocates
 * nothing). Both do nothing by default; {@link #SILENT} hears nothing. Called on the thread that runs.
 */
public interface Listener {
    /** Hears nothing. */
    Listener SILENT = new Listener() {
    };

    /** One thing the run did. */
    default void onEvent(Event event) {
    }

    /** One training step of the current stage done. */
    default void onStep() {
    }
}
