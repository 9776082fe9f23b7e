package io.sandwich.api;

import io.sandwich.provenance.RunSettings;
import io.sandwich.train.TrainingCancelledException;
import java.util.function.Supplier;

/** What the commands that train share: a run's settings as its record keeps them, and its errors in API types. */
final class Runs {
    private Runs() {
    }

    /** {@code model} with {@code settings}, as a run record keeps them. */
    static RunSettings record(Recipe model, Settings settings) {
        return new RunSettings(model.name(), settings.toJson());
    }

    /**
     * Runs {@code training}, raising divergence and cancellation as the API's exceptions; a cancellation's sentence
     * ends with {@code checkpoints}, which says what became of the run's checkpoints.
     *
     * @throws TrainingDivergedException when the loss or the weights became NaN or infinite
     * @throws RunCancelledException when the run's cancellation asked it to stop
     */
    static <T> T translated(Supplier<T> training, String checkpoints) {
        try {
            return training.get();
        } catch (io.sandwich.train.TrainingDivergedException e) {
            throw new TrainingDivergedException(e.marked(), e);
        } catch (TrainingCancelledException e) {
            throw new RunCancelledException(e.marked() + "; " + checkpoints, e);
        }
    }
}
