package io.sandwich.backend.cpu;

import io.sandwich.backend.CapturedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A step captured on the CPU: the operations as issued (each with its arguments bound), replayed in order. It
 * behaves as a CUDA graph does: what the step's code did on the host between operations is not repeated, and
 * values that change between steps come from counters, so a trainer that trains correctly here replays correctly
 * on a GPU.
 */
final class CpuRecording implements CapturedStep {
    final String what;
    private final Runnable onReplay;
    private final Consumer<Runnable> issue;
    private final List<Runnable> ops = new ArrayList<>();
    private boolean closed;

    /**
     * {@code onReplay} hears each replay; {@code issue} queues a recorded operation again on the backend (which runs
     * it, or records it into the step being captured then, as a graph launched while capturing is).
     */
    CpuRecording(String what, Runnable onReplay, Consumer<Runnable> issue) {
        this.what = what;
        this.onReplay = onReplay;
        this.issue = issue;
    }

    void add(Runnable op) {
        ops.add(op);
    }

    @Override
    public void replay() {
        if (closed) {
            throw new IllegalStateException("replay of a closed captured step (" + what + ")");
        }
        onReplay.run();
        for (Runnable op : ops) {
            issue.accept(op);
        }
    }

    @Override
    public void close() {
        closed = true;
        ops.clear();
    }
}
