package io.sandwich.cli;

import io.sandwich.api.Data;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that several commands take with the same meaning and default, each a picocli mixin. */
final class SharedOptions {
    private SharedOptions() {
    }

    /** {@code --data}: the commands that train, and evaluate. */
    static final class DataFolder {
        @Option(names = "--data", paramLabel = "DIR",
                description = "Folder in the seed's layout (tr_app.txt, val_l2.txt, ...). Default: the embedded"
                        + " synthetic dataset in data/embedded.")
        Path folder;

        /** The data the option names. */
        Data data() {
            return folder == null ? Data.embedded() : Data.folder(folder);
        }
    }

    /** {@code --seeds} and {@code --resume}: the commands that train many runs (reproduce and sweep). */
    static final class Repeats {
        @Option(names = "--seeds", defaultValue = "3", paramLabel = "K",
                description = "Seeds per row or configuration, 1..K (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--resume", description = "Reuse the runs already finished in OUT/runs/ with the same"
                + " settings (each is stored there as it ends), so that a stopped job continues where it was; a stored"
                + " run with other settings is refused.")
        boolean resume;
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
}
