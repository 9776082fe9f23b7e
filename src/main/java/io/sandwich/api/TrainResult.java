package io.sandwich.api;

import io.sandwich.model.RunResult;
import io.sandwich.provenance.RunRecord;
import java.nio.file.Path;

/**
 * A finished training run.
 *
 * @param options the options it ran with (a resumed run's, as stored with its checkpoints)
 * @param record what the run was ({@code result.json}'s {@code run})
 * @param run scores, epoch history, trained weights and notes
 * @param out the output folder: {@code model.pt}, {@code result.json}, {@code epochs.jsonl}, curves
 * @param seconds wall time of the training and scoring
 */
public record TrainResult(TrainOptions options, RunRecord record, RunResult run, Path out, double seconds) {
    /** The trained weights as a {@code torch.save} file ({@code OUT/model.pt}). */
    public Path modelFile() {
        return out.resolve("model.pt");
    }
}
