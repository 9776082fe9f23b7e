package io.sandwich.api;

import io.sandwich.model.Protocol;
import java.nio.file.Path;
import java.util.List;

/**
 * How to reproduce Table 1 ({@link Sandwich#reproduce}).
 *
 * @param data the data folder (null: the embedded dataset)
 * @param epochs epochs per stage (2, so that the table fits in minutes on 2 cores)
 * @param seeds seeds per row, 1..seeds (3)
 * @param protocols the protocols, one table each (clean and seed)
 * @param softCe also train the row with the best mean validation accuracy with soft cross-entropy
 * @param resume reuse the runs already finished in {@code OUT/runs/} with the same run record
 * @param overwrite replace the reproduction the output folder holds (false: such a folder is refused unless
 *     {@code resume})
 * @param hyper sizes and optimiser settings
 * @param compute where and how to compute
 */
public record ReproduceOptions(Path data, int epochs, int seeds, List<Protocol> protocols, boolean softCe,
        boolean resume, boolean overwrite, Hyperparameters hyper, Compute compute) {
    /** Copies the list. */
    public ReproduceOptions {
        protocols = List.copyOf(protocols);
    }

    /** The command line's defaults. */
    public static ReproduceOptions defaults() {
        return new ReproduceOptions(null, 2, 3, List.of(Protocol.CLEAN, Protocol.SEED), true, false, false,
                Hyperparameters.defaults(), Compute.defaults());
    }
}
