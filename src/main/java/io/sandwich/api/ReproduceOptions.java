package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.List;
import java.util.Objects;

/**
 * How to reproduce Table 1 ({@link Sandwich#reproduce}): the rows the models contribute, over seeds 1..K, under each
 * protocol. {@link #builder()} starts from the command line's defaults: the embedded data, 2 epochs per stage (so
 * that the table fits in minutes on 2 cores), 3 seeds, both protocols, the report's models, the soft-ce row.
 *
 * @param data the data
 * @param settings the hyperparameters every row starts from (each row sets its model's loss, each run its seed)
 * @param seeds seeds per row, 1..seeds
 * @param protocols the protocols, one table each
 * @param models the models whose Table 1 rows are trained, in order
 * @param softCe whether the row with the best mean validation accuracy is trained again with soft cross-entropy
 * @param resume whether runs already stored in {@code OUT/runs/} with the same record are reused
 * @param overwrite whether a reproduction the output folder holds is replaced
 * @param compute where and how it computes
 */
public record ReproduceOptions(Data data, Settings settings, int seeds, List<Protocol> protocols, List<Recipe> models,
        boolean softCe, boolean resume, boolean overwrite, Compute compute) {
    /** The settings a reproduction starts from: the defaults with 2 epochs per stage. */
    public static final Settings DEFAULT_SETTINGS = Settings.builder().set(Hyperparameters.EPOCHS, 2).build();

    /**
     * Checks the parts.
     *
     * @throws SandwichException for fewer than one seed or no protocol
     */
    public ReproduceOptions {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(compute, "compute");
        protocols = List.copyOf(protocols);
        models = List.copyOf(models);
        ManyRunsBuilder.checkSeeds(seeds);
        if (protocols.isEmpty()) {
            throw new SandwichException("expected at least one protocol");
        }
    }

    /** A builder with the command line's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ReproduceOptions}; each part starts at the command line's default. */
    public static final class Builder extends ManyRunsBuilder<Builder> {
        private Data data = Data.embedded();
        private Settings settings = DEFAULT_SETTINGS;
        private List<Protocol> protocols = List.of(Protocol.CLEAN, Protocol.SEED);
        private List<Recipe> models = Models.ALL;
        private boolean softCe = true;
        private Compute compute = Compute.auto();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The data. */
        public Builder data(Data d) {
            this.data = d;
            return this;
        }

        /** The hyperparameters ({@link #DEFAULT_SETTINGS}). */
        public Builder settings(Settings s) {
            this.settings = s;
            return this;
        }

        /** The protocols, one table each (clean and seed). */
        public Builder protocols(List<Protocol> p) {
            this.protocols = p;
            return this;
        }

        /** The models whose rows are trained ({@link Models#ALL}). */
        public Builder models(List<Recipe> m) {
            this.models = m;
            return this;
        }

        /** Also train the best row again with soft cross-entropy (yes). */
        public Builder softCe(boolean on) {
            this.softCe = on;
            return this;
        }

        /** Where and how to compute ({@link Compute#auto()}). */
        public Builder compute(Compute c) {
            this.compute = c;
            return this;
        }

        /**
         * The options.
         *
         * @throws SandwichException as the record's constructor does
         */
        public ReproduceOptions build() {
            return new ReproduceOptions(data, settings, seeds, protocols, models, softCe, resume, overwrite, compute);
        }
    }
}
