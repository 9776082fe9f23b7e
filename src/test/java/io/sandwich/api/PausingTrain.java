package io.sandwich.api;

import io.sandwich.checkpoint.PauseHook;
import java.nio.file.Path;
import java.util.List;

/**
 * A child process for {@code TrainKillTest}: trains what its {@code RUN} command line trains (the baseline, 4 epochs,
 * seed 7, hidden 32, on 2 CPU threads, a checkpoint every epoch) into {@code args[1]}, pausing in the middle of
 * writing checkpoint N for MILLIS milliseconds ({@code args[0]}: {@code N:MILLIS}) so that the test can kill it
 * there.
 */
public final class PausingTrain {
    private PausingTrain() {
    }

    /** {@code N:MILLIS OUT}. */
    public static void main(String[] args) {
        TrainOptions options = TrainOptions.builder(Models.BASELINE).settings(Settings.builder()
                .set(Hyperparameters.EPOCHS, 4).set(Hyperparameters.SEED, 7L)
                .set(Hyperparameters.HIDDEN, List.of(32, 32)).build())
                .compute(Compute.cpu(2)).checkpointEvery(1).build();
        TrainRun.start(options, Path.of(args[1]), Listener.SILENT, PauseHook.parse(args[0]));
    }
}
