package io.sandwich.api;

import io.sandwich.train.Progress;

/**
 * Hears what a run does: the {@link Progress} of each training stage, one line per finished unit of work
 * ({@link #say}: a reproduction's runs, a resumed checkpoint) and notices about the setting up
 * ({@link #notice}: which device {@code auto} chose and why). Every method does nothing by default.
 */
public interface Listener extends Progress {
    /** Hears nothing. */
    Listener SILENT = new Listener() {
    };

    /** A line of the run's own output, e.g. "[clean] baseline seed 1/3: test accuracy 0.4123". */
    default void say(String line) {
    }

    /** A notice about how the run was set up, e.g. "device auto: using cpu (no CUDA driver)". */
    default void notice(String line) {
    }
}
