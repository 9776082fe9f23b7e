package io.sandwich.api;

import io.sandwich.backend.LossKind;
import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.io.torch.Format;
import io.sandwich.model.ModelKind;
import io.sandwich.model.Protocol;
import io.sandwich.provenance.RunSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to train one model ({@link Sandwich#train}); {@link #of} gives the command line's defaults and the
 * {@code with...} methods change one thing each.
 *
 * @param model the model
 * @param loss the training loss (masked, the seed code's)
 * @param protocol clean (train/validation/test as split) or seed (the seed's leaky protocol)
 * @param epochs epochs per stage (20)
 * @param seed seeds initial weights, row order and dropout (1)
 * @param data the data folder in the seed's layout (null: the embedded dataset)
 * @param hyper sizes and optimiser settings
 * @param compute where and how to compute
 * @param initFrom a {@code torch.save} file whose layers start the encoder side (null: none)
 * @param initDecoder a {@code torch.save} file that starts the autoencoder's decoder (null: none)
 * @param save also write the trained weights here (null: only {@code OUT/model.pt})
 * @param saveFormat the layout of {@code save}
 * @param checkpointEvery save the whole training state every N epochs of each stage (null: never)
 * @param checkpointDir where checkpoints go (null: {@code OUT/checkpoints})
 * @param overwrite replace a finished run in the output folder (false: such a folder is refused)
 */
public record TrainOptions(ModelKind model, LossKind loss, Protocol protocol, int epochs, long seed, Path data,
        Hyperparameters hyper, Compute compute, Path initFrom, Path initDecoder, Path save, Format saveFormat,
        Integer checkpointEvery, Path checkpointDir, boolean overwrite) {
    /** How many of a run's newest checkpoints are kept. */
    public static final int CHECKPOINTS_KEPT = Checkpoints.KEEP;

    /** Checks that the required parts are there. */
    public TrainOptions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(hyper, "hyper");
        Objects.requireNonNull(compute, "compute");
        Objects.requireNonNull(saveFormat, "saveFormat");
    }

    /** {@code model} with the command line's defaults: masked loss, clean protocol, 20 epochs, seed 1. */
    public static TrainOptions of(ModelKind model) {
        return new TrainOptions(model, LossKind.MASKED, Protocol.CLEAN, 20, 1, null, Hyperparameters.defaults(),
                Compute.defaults(), null, null, null, Format.ZIP, null, null, false);
    }

    /** The model named {@code model} on the command line ({@code app2l1}, {@code baseline}, ...) with the defaults. */
    public static TrainOptions of(String model) {
        return of(ModelKind.fromName(model));
    }

    /** The same with another loss. */
    public TrainOptions withLoss(LossKind other) {
        return new TrainOptions(model, other, protocol, epochs, seed, data, hyper, compute, initFrom, initDecoder,
                save, saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same with another protocol. */
    public TrainOptions withProtocol(Protocol other) {
        return new TrainOptions(model, loss, other, epochs, seed, data, hyper, compute, initFrom, initDecoder, save,
                saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same with another number of epochs per stage. */
    public TrainOptions withEpochs(int other) {
        return new TrainOptions(model, loss, protocol, other, seed, data, hyper, compute, initFrom, initDecoder,
                save, saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same with another seed. */
    public TrainOptions withSeed(long other) {
        return new TrainOptions(model, loss, protocol, epochs, other, data, hyper, compute, initFrom, initDecoder,
                save, saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same on another data folder. */
    public TrainOptions withData(Path folder) {
        return new TrainOptions(model, loss, protocol, epochs, seed, folder, hyper, compute, initFrom, initDecoder,
                save, saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same with other sizes and optimiser settings. */
    public TrainOptions withHyper(Hyperparameters other) {
        return new TrainOptions(model, loss, protocol, epochs, seed, data, other, compute, initFrom, initDecoder,
                save, saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same computed elsewhere or otherwise. */
    public TrainOptions withCompute(Compute other) {
        return new TrainOptions(model, loss, protocol, epochs, seed, data, hyper, other, initFrom, initDecoder,
                save, saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same, starting from the given weight files (either may be null). */
    public TrainOptions withInit(Path from, Path decoder) {
        return new TrainOptions(model, loss, protocol, epochs, seed, data, hyper, compute, from, decoder, save,
                saveFormat, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same, also saving the weights to {@code file} in {@code format}. */
    public TrainOptions withSave(Path file, Format format) {
        return new TrainOptions(model, loss, protocol, epochs, seed, data, hyper, compute, initFrom, initDecoder,
                file, format, checkpointEvery, checkpointDir, overwrite);
    }

    /** The same with a checkpoint every {@code every} epochs into {@code dir} (null: {@code OUT/checkpoints}). */
    public TrainOptions withCheckpoints(Integer every, Path dir) {
        return new TrainOptions(model, loss, protocol, epochs, seed, data, hyper, compute, initFrom, initDecoder,
                save, saveFormat, every, dir, overwrite);
    }

    /** The same, replacing (or not) a finished run in the output folder. */
    public TrainOptions withOverwrite(boolean replace) {
        return new TrainOptions(model, loss, protocol, epochs, seed, data, hyper, compute, initFrom, initDecoder,
                save, saveFormat, checkpointEvery, checkpointDir, replace);
    }

    /** Every setting that decides the run's numbers. */
    RunSettings settings() {
        return new RunSettings(model, protocol, hyper.config(epochs, seed, loss), hyper.modelOptions(), hyper.rates());
    }
}
