package io.sandwich.backend.cpu;

import io.sandwich.backend.CapturedStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A step captured on the CPU: the operations as issued (each with its arguments bound), replayed in order. It
 * behaves as a CUDA graph does: what the step's code did on the host between operations is not repeated, and
 * values that change between steps come from counters, so a trainer that trains correctly here replays correctly
 * on a GPU.
 */
final class CpuRecording implements CapturedStep {
    final String what;
    private final Runnable onReplay;
    private final List<Runnable> ops = new ArrayList<>();
    private boolean closed;

    CpuRecording(String what, Runnable onReplay) {
        this.what = what;
        this.onReplay = onReplay;
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
            op.run();
        }
    }

    @Override
    public void close() {
        closed = true;
        ops.clear();
    }
}
