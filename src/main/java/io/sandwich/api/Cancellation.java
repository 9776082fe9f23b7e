package io.sandwich.api;

/**
 * Asks a run to stop: give one to {@link TrainOptions.Builder#cancellation} and call {@link #cancel()} from any
 * thread. The run stops at its next training step with a {@link RunCancelledException}; its checkpoints stay, so
 * {@link Sandwich#resume} continues it exactly as if it had never stopped.
 */
public final class Cancellation {
    private volatile boolean cancelled;

    /** Asks the run to stop at its next step. */
    public void cancel() {
        cancelled = true;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }
}
