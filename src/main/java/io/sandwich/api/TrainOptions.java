package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to train one model ({@link Sandwich#train}): the model, its data and hyperparameters, where it computes, the
 * weights it starts from, what it saves and checkpoints. Immutable; {@link #builder} starts from the command line's
 * defaults.
 *
 * <pre>{@code
 * TrainOptions o = TrainOptions.builder(Models.APP2L1)
 *         .settings(Settings.builder().set(Hyperparameters.EPOCHS, 2).build())
 *         .compute(Compute.cpu(0)).build();
 * }</pre>
 */
public final class TrainOptions {
    /** How many of a run's newest checkpoints are kept. */
    public static final int CHECKPOINTS_KEPT = Checkpoints.KEEP;

    /** A copy of the builder it was built from, never changed. */
    private final Builder parts;

    private TrainOptions(Builder b) {
        this.parts = new Builder(b);
    }

    /** A builder for {@code model} on the embedded data, with the default settings, on the default device. */
    public static Builder builder(Recipe model) {
        return new Builder(model);
    }

    /**
     * As {@link #builder(Recipe)} for the model of that name ({@code app2l1}, {@code baseline}, ...).
     *
     * @throws SandwichException naming the models when there is none of that name
     */
    public static Builder builder(String model) {
        return new Builder(Models.named(model));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(parts);
    }

    /** The model. */
    public Recipe model() {
        return parts.model;
    }

    /** The data. */
    public Data data() {
        return parts.data;
    }

    /** The hyperparameters. */
    public Settings settings() {
        return parts.settings;
    }

    /** Where and how it computes. */
    public Compute compute() {
        return parts.compute;
    }

    /** A weights file whose layers start the App -> L1 side. */
    public Optional<Path> initFrom() {
        return Optional.ofNullable(parts.initFrom);
    }

    /** A weights file that starts the autoencoder's decoder. */
    public Optional<Path> initDecoder() {
        return Optional.ofNullable(parts.initDecoder);
    }

    /** Where the trained weights go besides {@code OUT/model.pt}. */
    public Optional<Path> save() {
        return Optional.ofNullable(parts.save);
    }

    /** The layout of {@link #save()}. */
    public WeightFormat saveFormat() {
        return parts.saveFormat;
    }

    /** Every how many epochs of each stage the whole training state is checkpointed. */
    public OptionalInt checkpointEvery() {
        return parts.checkpointEvery == 0 ? OptionalInt.empty() : OptionalInt.of(parts.checkpointEvery);
    }

    /** Where checkpoints go, when not {@code OUT/checkpoints}. */
    public Optional<Path> checkpointDir() {
        return Optional.ofNullable(parts.checkpointDir);
    }

    /** Whether a finished run in the output folder is replaced (else such a folder is refused). */
    public boolean overwrite() {
        return parts.overwrite;
    }

    /** What can stop the run. */
    public Optional<Cancellation> cancellation() {
        return Optional.ofNullable(parts.cancellation);
    }

    /** Builds {@link TrainOptions}. */
    public static final class Builder {
        private final Recipe model;
        private Data data = Data.embedded();
        private Settings settings = Settings.defaults();
        private Compute compute = Compute.auto();
        private Path initFrom;
        private Path initDecoder;
        private Path save;
        private WeightFormat saveFormat = WeightFormat.ZIP;
        private int checkpointEvery;
        private Path checkpointDir;
        private boolean overwrite;
        private Cancellation cancellation;

        private Builder(Recipe model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        private Builder(Builder o) {
            this.model = o.model;
            this.data = o.data;
            this.settings = o.settings;
            this.compute = o.compute;
            this.initFrom = o.initFrom;
            this.initDecoder = o.initDecoder;
            this.save = o.save;
            this.saveFormat = o.saveFormat;
            this.checkpointEvery = o.checkpointEvery;
            this.checkpointDir = o.checkpointDir;
            this.overwrite = o.overwrite;
            this.cancellation = o.cancellation;
        }

        /** The data (default: the embedded dataset). */
        public Builder data(Data d) {
            this.data = Objects.requireNonNull(d, "data");
            return this;
        }

        /** The hyperparameters (default: {@link Settings#defaults()}). */
        public Builder settings(Settings s) {
            this.settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /** Where and how to compute (default: {@link Compute#auto()}). */
        public Builder compute(Compute c) {
            this.compute = Objects.requireNonNull(c, "compute");
            return this;
        }

        /** Start every layer whose name is in this {@code torch.save} file from its weights. */
        public Builder initFrom(Path file) {
            this.initFrom = Objects.requireNonNull(file, "initFrom");
            return this;
        }

        /** Start the autoencoder's L1 -> L2 decoder from this {@code torch.save} file. */
        public Builder initDecoder(Path file) {
            this.initDecoder = Objects.requireNonNull(file, "initDecoder");
            return this;
        }

        /** Also write the trained weights to {@code file}, in the seed's state_dict layout. */
        public Builder save(Path file) {
            this.save = Objects.requireNonNull(file, "save");
            return this;
        }

        /** The layout of the {@link #save} file (default: zip). */
        public Builder saveFormat(WeightFormat f) {
            this.saveFormat = Objects.requireNonNull(f, "saveFormat");
            return this;
        }

        /**
         * Save the whole training state every {@code epochs} epochs of each stage, so that {@link Sandwich#resume}
         * can continue after a crash, a kill or a cancellation.
         *
         * @throws SandwichException when {@code epochs < 1}
         */
        public Builder checkpointEvery(int epochs) {
            if (epochs < 1) {
                throw new SandwichException("expected " + SandwichException.setting("checkpointEvery") + " N with"
                        + " N >= 1, found " + epochs);
            }
            this.checkpointEvery = epochs;
            return this;
        }

        /** Where checkpoints go (default: {@code OUT/checkpoints}); needs {@link #checkpointEvery}. */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = Objects.requireNonNull(dir, "checkpointDir");
            return this;
        }

        /** Replace a finished run in the output folder instead of refusing the folder. */
        public Builder overwrite(boolean replace) {
            this.overwrite = replace;
            return this;
        }

        /** What can stop the run at its next step. */
        public Builder cancellation(Cancellation c) {
            this.cancellation = Objects.requireNonNull(c, "cancellation");
            return this;
        }

        /**
         * The options.
         *
         * @throws SandwichException when a checkpoint folder is given without {@link #checkpointEvery}
         */
        public TrainOptions build() {
            if (checkpointDir != null && checkpointEvery == 0) {
                throw new SandwichException(SandwichException.setting("checkpointDir") + " needs "
                        + SandwichException.setting("checkpointEvery") + " N");
            }
            return new TrainOptions(this);
        }
    }
}
