package io.sandwich.train;

import io.sandwich.backend.Backend;
import io.sandwich.backend.CapturedStep;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a stage's training steps as captured steps ({@link Backend#capture}): the first batch of each size runs
 * eagerly, which allocates the workspaces and optimiser state it needs and is a real step; the step's code is then
 * captured once and every later batch of that size is a replay (on a GPU one graph launch). A stage has at most
 * two sizes: full batches and the last, partial one. The step's code must take everything that changes between
 * steps from counters, since a replay does not run it.
 */
final class StepGraphs implements AutoCloseable {
    private final Backend backend;
    private final String stage;
    private final Map<Integer, CapturedStep> captured = new HashMap<>();

    StepGraphs(Backend backend, String stage) {
        this.backend = backend;
        this.stage = stage;
    }

    /** Runs one step of {@code rows} rows; {@code body} must issue the same operations for the same size. */
    void run(int rows, Runnable body) {
        CapturedStep step = captured.get(rows);
        if (step != null) {
            step.replay();
            return;
        }
        body.run();
        captured.put(rows, backend.capture("a training step of " + stage + " on " + rows + " rows", body));
    }

    @Override
    public void close() {
        captured.values().forEach(CapturedStep::close);
        captured.clear();
    }
}
