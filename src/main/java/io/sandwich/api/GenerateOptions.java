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
 * @param format the vector files' format
 * @param classIds whether the L1 and L2 targets are written as class ids (each row's largest value's column), one
 *     per row, rather than as vectors
 */
public record GenerateOptions(int users, long seed, boolean overwrite, DataFormat format, boolean classIds) {
    /** The fewest users a dataset may have. */
    public static final int MIN_USERS = DatasetGenerator.MIN_USERS;
    /** The embedded dataset's seed. */
    public static final long DEFAULT_SEED = SyntheticData.SEED;

    /** Checks the format is there. */
    public GenerateOptions {
        java.util.Objects.requireNonNull(format, "format");
    }

    /** The seed's layout and format. */
    public GenerateOptions(int users, long seed, boolean overwrite) {
        this(users, seed, overwrite, DataFormat.TXT, false);
    }
}
