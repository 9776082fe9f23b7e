package io.sandwich.api;

import io.sandwich.io.torch.StateDict;
import io.sandwich.model.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A finished training run: its scores, epochs and notes, where it wrote its files, and the trained model itself
 * ({@link #model()}).
 */
public final class TrainResult {
    private final TrainOptions options;
    private final RunResult run;
    private final String record;
    private final Path out;
    private final double seconds;

    TrainResult(TrainOptions options, RunResult run, String record, Path out, double seconds) {
        this.options = options;
        this.run = run;
        this.record = record;
        this.out = out;
        this.seconds = seconds;
    }

    /**
     * A stage that early stopping ended before its last epoch.
     *
     * @param stage the stage, as its epochs name it
     * @param epoch the last epoch it ran
     * @param epochs the epochs it could have run
     * @param patience the epochs without a better validation accuracy that stopped it
     */
    public record EarlyStop(String stage, int epoch, int epochs, int patience) {
    }

    /** The options it ran with (a resumed run's, as its checkpoints keep them). */
    public TrainOptions options() {
        return options;
    }

    /** The scores of the model's main output on the test rows. */
    public Evaluation test() {
        return Evaluation.of(run.test());
    }

    /** The scores of a second, L1 output on the test rows (the bi-directional model's encoder). */
    public Optional<Evaluation> testL1() {
        return run.testL1().map(Evaluation::of);
    }

    /** Every epoch of every stage, in order. */
    public List<Epoch> epochs() {
        return run.history().stream().map(Epoch::of).toList();
    }

    /** Epochs trained over all stages. */
    public int epochsTrained() {
        return run.epochsTrained();
    }

    /** The stages that early stopping ended. */
    public List<EarlyStop> stoppedEarly() {
        return run.stoppedEarly().stream().map(s -> new EarlyStop(s.stage(), s.epoch(), s.epochs(), s.patience()))
                .toList();
    }

    /** Sentences on which rows each stage trained, selected and tested on, and how stages ended. */
    public List<String> notes() {
        return run.notes();
    }

    /** What the run was, as {@code result.json}'s {@code run}: settings, data digest, software, backend (JSON). */
    public String record() {
        return record;
    }

    /** The output folder: {@code model.pt}, {@code result.json}, {@code epochs.jsonl}, curves. */
    public Path out() {
        return out;
    }

    /** The trained weights as a {@code torch.save} file ({@code OUT/model.pt}). */
    public Path modelFile() {
        return out.resolve("model.pt");
    }

    /** Wall time of the training and scoring, in seconds. */
    public double seconds() {
        return seconds;
    }

    /**
     * The trained model, opened on the run's {@link Compute} from the weights in memory; each call opens another,
     * which the caller closes.
     *
     * @throws io.sandwich.SandwichException when the device cannot be opened
     */
    public Model model() {
        return Model.open(weights(), java.util.List.of(options.model().layout()), options.compute(), Listener.SILENT);
    }

    StateDict weights() {
        return run.weights();
    }

    RunResult run() {
        return run;
    }
}
