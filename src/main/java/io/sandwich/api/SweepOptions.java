package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How to run a sweep ({@link Sandwich#sweep}): every configuration of the grid times seeds 1..K, each a run of
 * {@code base} with the swept hyperparameters changed and its own seed; or one part of it. The base's model, data,
 * settings and compute are used; a sweep's runs start from fresh weights and keep no files but their results, so
 * its initial weights, saved file and checkpoints must be left unset. Immutable; {@link #builder} starts from the
 * command line's defaults (3 seeds, the whole sweep).
 *
 * <pre>{@code
 * SweepOptions o = SweepOptions.builder(TrainOptions.builder(Models.APP2L1).build())
 *         .grid("lr=1e-3,3e-3").grid("dropout1=0,0.1").build();
 * }</pre>
 *
 * @param base what each run trains, but for the swept hyperparameters and the seed
 * @param grid {@code NAME=V1,V2,...} each, over the sweepable {@link Hyperparameters}
 * @param seeds seeds per configuration, 1..seeds
 * @param shardIndex which part of the sweep runs: part shardIndex of shardCount
 * @param shardCount into how many parts the sweep is split (1: run it whole)
 * @param resume whether runs already stored in {@code OUT/runs/} with the same record are reused
 * @param overwrite whether a sweep the output folder holds is replaced
 */
public record SweepOptions(TrainOptions base, List<String> grid, int seeds, int shardIndex, int shardCount,
        boolean resume, boolean overwrite) {
    /**
     * Checks the parts.
     *
     * @throws SandwichException for fewer than one seed, a shard out of range, or a base with initial weights, a
     *     saved file or a checkpoint folder (a sweep's checkpoints, with {@code checkpointEvery}, go to
     *     {@code OUT/checkpoints/}, one folder per run, removed as the run ends)
     */
    public SweepOptions {
        Objects.requireNonNull(base, "base");
        grid = List.copyOf(grid);
        ManyRunsBuilder.checkSeeds(seeds);
        new io.sandwich.sweep.Shard(shardIndex, shardCount); // checks the range
        if (base.initFrom().isPresent() || base.initDecoder().isPresent() || base.save().isPresent()
                || base.checkpointDir().isPresent()) {
            throw new SandwichException("a sweep starts every run from fresh weights and keeps only its results;"
                    + " leave out the start weights, " + SandwichException.setting("save") + " and "
                    + SandwichException.setting("checkpointDir"));
        }
    }

    /** A builder for a sweep of {@code base}. */
    public static Builder builder(TrainOptions base) {
        return new Builder(base);
    }

    /** Builds {@link SweepOptions}. */
    public static final class Builder extends ManyRunsBuilder<Builder> {
        private final TrainOptions base;
        private List<String> grid = List.of();
        private int shardIndex = 1;
        private int shardCount = 1;

        private Builder(TrainOptions base) {
            this.base = Objects.requireNonNull(base, "base");
        }

        @Override
        Builder self() {
            return this;
        }

        /** Adds a swept hyperparameter: {@code NAME=V1,V2,...}, e.g. {@code lr=1e-3,3e-3}; checked when it runs. */
        public Builder grid(String axis) {
            this.grid = Stream.concat(grid.stream(), Stream.of(axis)).toList();
            return this;
        }

        /** Run only part {@code index} of {@code count}: every {@code count}-th run from run {@code index}. */
        public Builder shard(int index, int count) {
            this.shardIndex = index;
            this.shardCount = count;
            return this;
        }

        /**
         * As {@link #shard(int, int)}, from {@code I/N} (e.g. {@code 2/8}).
         *
         * @throws SandwichException for any other text, or unless {@code 1 <= I <= N}
         */
        public Builder shard(String text) {
            io.sandwich.sweep.Shard s = io.sandwich.sweep.Shard.parse(text);
            return shard(s.index(), s.count());
        }

        /**
         * The options.
         *
         * @throws SandwichException as the record's constructor does
         */
        public SweepOptions build() {
            return new SweepOptions(base, grid, seeds, shardIndex, shardCount, resume, overwrite);
        }
    }
}
