package io.sandwich.train;

/**
 * Receives training progress: a stage starts with a known number of steps, each step and epoch is reported,
 * then the stage finishes; before each step the trainer asks whether to stop. {@link #NONE} ignores everything.
 */
public interface Progress {
    /** Ignores all progress. */
    Progress NONE = new Progress() {
    };

    /** A stage of {@code totalSteps} steps begins. */
    default void start(String stage, long totalSteps) {
    }

    /** One step done. */
    default void step() {
    }

    /** One epoch done. */
    default void epoch(EpochStats stats) {
    }

    /** The stage ended (normally or not). */
    default void finish() {
    }

    /** A line the user should read about how the run goes on (a fallback taken). */
    default void notice(String text) {
    }

    /** Whether the run should stop before its next step ({@link TrainingCancelledException}). */
    default boolean cancelled() {
        return false;
    }
}
