package io.sandwich.api;

import io.sandwich.SandwichException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to run a weights file over rows ({@link Sandwich#predict}): the rows of a vector file, or one split of a
 * dataset; raw scores out, or each row's best columns ({@link Builder#topK}), as {@code user:id,id,...} lines where
 * there are user ids (from a file, or the dataset's). Built with {@link #builder}; immutable.
 */
public final class PredictOptions {
    private final Path weights;
    private final Optional<Path> input;
    private final Declaration declared;
    private final Optional<Data> data;
    private final String split;
    private final Path output;
    private final Optional<Path> outputL1;
    private final Compute compute;
    private final OptionalInt topK;
    private final Optional<Path> users;
    private final Optional<Path> names;

    private PredictOptions(Builder b) {
        weights = b.weights;
        input = Optional.ofNullable(b.input);
        declared = b.declared;
        data = Optional.ofNullable(b.data);
        split = b.split;
        output = b.output;
        outputL1 = Optional.ofNullable(b.outputL1);
        compute = b.compute;
        topK = b.topK;
        users = Optional.ofNullable(b.users);
        names = Optional.ofNullable(b.names);
    }

    /** A builder for running {@code weights} and writing to {@code output}; the rows are still to be named. */
    public static Builder builder(Path weights, Path output) {
        return new Builder(weights, output);
    }

    /** The main output of {@code weights} for the rows of {@code input}, as raw scores, on the default device. */
    public static PredictOptions of(Path weights, Path input, Path output) {
        return builder(weights, output).input(input).build();
    }

    /** The weights file, a {@code torch.save} state_dict. */
    public Path weights() {
        return weights;
    }

    /** The vector file whose rows are run (any format a dataset's files may have), unless a dataset's split is. */
    public Optional<Path> input() {
        return input;
    }

    /** What is declared of {@link #input()}: its index base, if it holds sparse rows. */
    public Declaration declared() {
        return declared;
    }

    /** The dataset whose split {@link #split()} is run, unless a file is. */
    public Optional<Data> data() {
        return data;
    }

    /** Which split of {@link #data()}: {@code train}, {@code validation} or {@code test}. */
    public String split() {
        return split;
    }

    /** Where the rows are written. */
    public Path output() {
        return output;
    }

    /** For a bi-directional model, where its second output (the encoder's L1 rows) is written as raw scores. */
    public Optional<Path> outputL1() {
        return outputL1;
    }

    /** Where to compute. */
    public Compute compute() {
        return compute;
    }

    /** How many best columns each row is written as; empty for raw scores. */
    public OptionalInt topK() {
        return topK;
    }

    /** One user id per row, so that each row is written as {@code user:id,id,...}. */
    public Optional<Path> users() {
        return users;
    }

    /** One name per column of the output (line 1 names column 0), written in place of the column ids. */
    public Optional<Path> names() {
        return names;
    }

    /** Builds {@link PredictOptions}. */
    public static final class Builder {
        private final Path weights;
        private final Path output;
        private Path input;
        private Declaration declared = Declaration.NONE;
        private Data data;
        private String split = "test";
        private Path outputL1;
        private Compute compute = Compute.auto();
        private OptionalInt topK = OptionalInt.empty();
        private Path users;
        private Path names;

        private Builder(Path weights, Path output) {
            this.weights = Objects.requireNonNull(weights, "weights");
            this.output = Objects.requireNonNull(output, "output");
        }

        /** Runs the rows of {@code file}. */
        public Builder input(Path file) {
            return input(file, Declaration.NONE);
        }

        /** Runs the rows of {@code file}, of which {@code declared} gives the index base of sparse rows. */
        public Builder input(Path file, Declaration declared) {
            input = Objects.requireNonNull(file, "file");
            this.declared = Objects.requireNonNull(declared, "declared");
            return this;
        }

        /** Runs the App rows of {@code split} ({@code train}, {@code validation}, {@code test}) of {@code data}. */
        public Builder split(Data data, String split) {
            this.data = Objects.requireNonNull(data, "data");
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        /** Also writes a bi-directional model's L1 output to {@code file}. */
        public Builder outputL1(Path file) {
            outputL1 = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Where to compute. */
        public Builder compute(Compute c) {
            compute = Objects.requireNonNull(c, "compute");
            return this;
        }

        /** Writes each row's {@code k} best column ids, best first, instead of its scores. */
        public Builder topK(int k) {
            topK = OptionalInt.of(k);
            return this;
        }

        /** Writes {@code user:id,...} lines, the users one per line of {@code file}, a line per row. */
        public Builder users(Path file) {
            users = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Writes the names on the lines of {@code file} (one per output column) in place of column ids. */
        public Builder names(Path file) {
            names = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The options.
         *
         * @throws SandwichException when no rows or two sources of rows are named, {@code k} is below 1, users or
         *     names are given without a top-k, or the L1 output is asked for with one
         */
        public PredictOptions build() {
            if ((input == null) == (data == null)) {
                throw new SandwichException("expected the rows to run: " + SandwichException.setting("input")
                        + " FILE or " + SandwichException.setting("data") + " with a split, found "
                        + (input == null ? "neither" : "both"));
            }
            SavedModelRuns.rowsOf(split); // refuses any other name, as Truth.targets does
            if (topK.isPresent() && topK.getAsInt() < 1) {
                throw new SandwichException("expected " + SandwichException.setting("topK") + " of at least 1, found "
                        + topK.getAsInt());
            }
            if (topK.isEmpty() && (users != null || names != null)) {
                throw new SandwichException("expected " + SandwichException.setting("topK") + " with "
                        + SandwichException.setting(users != null ? "users" : "names") + ", which name what each"
                        + " row's best columns are written as, found raw scores asked for");
            }
            if (topK.isPresent() && outputL1 != null) {
                throw new SandwichException(SandwichException.setting("outputL1") + " writes raw scores; expected it"
                        + " without " + SandwichException.setting("topK") + " (run predict twice)");
            }
            return new PredictOptions(this);
        }
    }
}
