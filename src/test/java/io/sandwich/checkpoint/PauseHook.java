package io.sandwich.checkpoint;

import java.nio.file.Path;

/**
 * A test's {@link Checkpoints.WriteHook} that pauses in the middle of writing one checkpoint (after its
 * {@code model.pt}), so that a test can kill the process there: {@code N:MILLIS} pauses MILLIS milliseconds in
 * checkpoint number N.
 */
public final class PauseHook implements Checkpoints.WriteHook {
    private final int number;
    private final long millis;

    private PauseHook(int number, long millis) {
        this.number = number;
        this.millis = millis;
    }

    /** The hook for {@code N:MILLIS}; an empty text is {@link Checkpoints.WriteHook#NONE}. */
    public static Checkpoints.WriteHook parse(String spec) {
        if (spec.isEmpty()) {
            return Checkpoints.WriteHook.NONE;
        }
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected N:MILLIS, found \"" + spec + "\"");
        }
        return new PauseHook(Integer.parseInt(spec.substring(0, colon)), Long.parseLong(spec.substring(colon + 1)));
    }

    @Override
    public void midWrite(int n, Path partial) {
        if (n != number) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
