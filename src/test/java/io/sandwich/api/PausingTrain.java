package io.sandwich.api;

import io.sandwich.checkpoint.PauseHook;
import io.sandwich.model.ModelKind;
import java.nio.file.Path;

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
        TrainOptions options = TrainOptions.of(ModelKind.BASELINE).withEpochs(4).withSeed(7)
                .withHyper(Hyperparameters.defaults().withHidden(32)).withCompute(Compute.cpu(2))
                .withCheckpoints(1, null);
        TrainRun.start(options, Path.of(args[1]), Listener.SILENT, PauseHook.parse(args[0]));
    }
}
