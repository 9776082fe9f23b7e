package io.sandwich.api;

import io.sandwich.data.DatasetGenerator;
import io.sandwich.data.SyntheticData;

/**
 * How to generate a synthetic dataset in the seed's layout ({@link Sandwich#generate}).
 *
 * @param users rows over all splits, at least {@link #MIN_USERS}
 * @param seed seed of the generator ({@link #DEFAULT_SEED}: the embedded dataset's; 7857 users with it give
 *     {@code data/embedded})
 * @param overwrite replace the dataset the output folder holds (false: such a folder is refused)
 */
public record GenerateOptions(int users, long seed, boolean overwrite) {
    /** The fewest users a dataset may have. */
    public static final int MIN_USERS = DatasetGenerator.MIN_USERS;
    /** The embedded dataset's seed. */
    public static final long DEFAULT_SEED = SyntheticData.SEED;
}
