package io.sandwich.api;

import io.sandwich.SandwichException;

/**
 * What the builders of jobs of many runs ({@link ReproduceOptions}, {@link SweepOptions}) share: seeds per
 * configuration, reusing stored runs, replacing a finished job.
 *
 * @param <B> the builder itself, which each setter returns
 */
public abstract class ManyRunsBuilder<B extends ManyRunsBuilder<B>> {
    int seeds = 3;
    boolean resume;
    boolean overwrite;

    ManyRunsBuilder() {
    }

    /** This builder. */
    abstract B self();

    /** Seeds per configuration, 1..k (default 3; checked when the options are built). */
    public B seeds(int k) {
        this.seeds = k;
        return self();
    }

    /** Reuse the runs already stored in the output folder with the same record (default no). */
    public B resume(boolean on) {
        this.resume = on;
        return self();
    }

    /** Replace a finished job the output folder holds (default no). */
    public B overwrite(boolean on) {
        this.overwrite = on;
        return self();
    }

    /** Refuses fewer than one seed. */
    static void checkSeeds(int seeds) {
        if (seeds < 1) {
            throw new SandwichException("expected " + SandwichException.setting("seeds") + " >= 1, found " + seeds);
        }
    }
}
