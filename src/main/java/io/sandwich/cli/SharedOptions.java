package io.sandwich.cli;

import io.sandwich.backend.LossKind;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that several commands take with the same meaning and default, each a picocli mixin. */
final class SharedOptions {
    private SharedOptions() {
    }

    /** {@code --loss}: train, bench and evaluate. */
    static final class Loss {
        @Option(names = "--loss", defaultValue = "masked", paramLabel = "L",
                description = "mse, masked (the seed code's), masked-elementwise (the report's formula), l1, soft-ce"
                        + " (default: ${DEFAULT-VALUE}).")
        String name;

        LossKind kind() {
            return LossKind.fromName(name);
        }
    }

    /** {@code --data}: the commands that train, and evaluate. */
    static final class Data {
        @Option(names = "--data", paramLabel = "DIR",
                description = "Folder in the seed's layout (tr_app.txt, val_l2.txt, ...). Default: the embedded"
                        + " synthetic dataset in data/embedded.")
        Path folder;
    }

    /** {@code --top-k}: train, reproduce, sweep and evaluate. */
    static final class TopK {
        @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
                description = "k of the top-k accuracy (default: ${DEFAULT-VALUE}).")
        int k;
    }

    /** {@code --overwrite}: the commands that write a folder. */
    static final class Overwrite {
        @Option(names = "--overwrite", description = "Replace a finished result in the output folder (its files are"
                + " removed only once the new run starts); without it such a folder is refused.")
        boolean overwrite;
    }

    /** {@code --weights}: evaluate and predict. */
    static final class Weights {
        @Option(names = "--weights", required = true, paramLabel = "FILE", description = "torch.save state_dict file.")
        Path file;
    }

    /** {@code --json}: bench, rank-eval and doctor. */
    static final class Json {
        @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to this JSON file.")
        Path file;
    }

    /** {@code --patience}: train, reproduce and sweep. */
    static final class Patience {
        @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
                description = "Stop a stage once its validation accuracy has not improved for N epochs; the best"
                        + " epoch's weights are kept either way (default: ${DEFAULT-VALUE}, run every epoch).")
        int epochs;
    }
}
