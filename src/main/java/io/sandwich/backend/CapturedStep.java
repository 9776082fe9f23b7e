package io.sandwich.backend;

/**
 * The operations of one training step, recorded once by {@link Backend#capture} and replayed per batch: on a GPU
 * one CUDA graph launch instead of dozens of kernel launches, with no host work in between. Values that change from
 * step to step are read from {@link Counter}s when the step runs; everything else (tensors, shapes, scalars) is
 * fixed when it is captured. Closing it frees the recording.
 */
public interface CapturedStep extends AutoCloseable {
    /** Queues the recorded operations once more. */
    void replay();

    /** Frees the recording; no exception. */
    @Override
    void close();

    /** A step that is not recorded: each replay runs {@code body} again (a backend running steps eagerly). */
    static CapturedStep eager(Runnable body) {
        return new CapturedStep() {
            @Override
            public void replay() {
                body.run();
            }

            @Override
            public void close() {
            }
        };
    }
}
