package io.sandwich.api;

import io.sandwich.sweep.Shard;
import java.util.List;
import java.util.Objects;

/**
 * How to run a sweep ({@link Sandwich#sweep}): every configuration of the grid times seeds 1..K, each trained as
 * {@code base} says with the swept options changed.
 *
 * @param base the model and every setting the grid does not change (its seed, start weights, saved files and
 *     checkpoints must be left at their defaults: a sweep's runs start from fresh weights and keep no files but
 *     their results)
 * @param grid {@code OPTION=V1,V2,...} each, e.g. {@code lr=1e-3,3e-3} or {@code dropout=0.05/0.1/0,0.1/0.2/0};
 *     the options are those of {@link #SWEPT}
 * @param seeds seeds per configuration, 1..K (3)
 * @param shard the part of the sweep to run ({@link Shard#ALL}: all of it)
 * @param resume reuse the runs already finished in {@code OUT/runs/} with the same run record
 * @param overwrite replace the sweep the output folder holds (false: such a folder is refused unless
 *     {@code resume})
 */
public record SweepOptions(TrainOptions base, List<String> grid, int seeds, Shard shard, boolean resume,
        boolean overwrite) {
    /**
     * The options a grid may sweep, by their command line names: {@code dropout} takes three rates separated by
     * slashes, {@code dropout1..3} one of them (the others from {@code base}).
     */
    public static final List<String> SWEPT = List.of("lr", "lr-e", "lr-d", "weight-decay", "batch", "hidden",
            "sandwich-hidden", "decoder-hidden-layers", "dropout", "dropout1", "dropout2", "dropout3", "loss",
            "epochs", "patience");

    /** Copies the grid. */
    public SweepOptions {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(shard, "shard");
        grid = List.copyOf(grid);
    }

    /** The whole sweep of {@code grid} over 3 seeds, trained as {@code base} says. */
    public static SweepOptions of(TrainOptions base, String... grid) {
        return new SweepOptions(base, List.of(grid), 3, Shard.ALL, false, false);
    }

    /** The same over seeds 1..{@code k}. */
    public SweepOptions withSeeds(int k) {
        return new SweepOptions(base, grid, k, shard, resume, overwrite);
    }

    /** The same, running only part {@code part} of it. */
    public SweepOptions withShard(Shard part) {
        return new SweepOptions(base, grid, seeds, part, resume, overwrite);
    }

    /** The same, reusing (or not) the runs already finished in the output folder. */
    public SweepOptions withResume(boolean reuse) {
        return new SweepOptions(base, grid, seeds, shard, reuse, overwrite);
    }

    /** The same, replacing (or not) a sweep the output folder holds. */
    public SweepOptions withOverwrite(boolean replace) {
        return new SweepOptions(base, grid, seeds, shard, resume, replace);
    }
}
