package io.sandwich.train;

import java.util.function.Supplier;

/**
 * A trainer's link to checkpointing: the state to continue a stage from, and a call after every finished epoch
 * that saves the state when one is due. {@link #NONE} never resumes and never saves.
 */
public interface StageCheckpoint {
    /** No checkpoints. */
    StageCheckpoint NONE = new StageCheckpoint() {
    };

    /** The state to continue this stage from, or null to start it from its first epoch. */
    default StageState resumeFrom() {
        return null;
    }

    /**
     * Called after each finished epoch (its statistics already reported); saves {@code state.get()} when a
     * checkpoint is due.
     */
    default void afterEpoch(int epoch, Supplier<StageState> state) {
    }

    /** A description of the last checkpoint written or resumed from, for messages; null when there is none. */
    default String lastGood() {
        return null;
    }
}
