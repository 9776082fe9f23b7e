package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.api.Data;
import io.sandwich.api.Declaration;
import io.sandwich.api.Models;
import io.sandwich.api.Recipe;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options that several commands take with the same meaning and default, each a picocli mixin. */
final class SharedOptions {
    private SharedOptions() {
    }

    /** {@code --data} and what may be declared of its files: the commands that train, predict and evaluate. */
    static final class DataFolder {
        @Option(names = "--data", paramLabel = "DIR|FILE",
                description = "Folder in the seed's layout (tr_app.txt, val_l2.txt, ...; each file may be .txt, .csv,"
                        + " .tsv, .npy or .svm), or a manifest (.json, .toml) naming the files; see docs/data.md."
                        + " Default: the embedded synthetic dataset in data/embedded.")
        Path folder;

        @Option(names = "--l1-classes", paramLabel = "N", description = "L1 columns: the class count of L1 class ids"
                + " (default: the largest id plus one), the width of sparse L1 rows.")
        Integer l1Classes;

        @Option(names = "--l2-classes", paramLabel = "N", description = "L2 columns, likewise.")
        Integer l2Classes;

        @Option(names = "--app-width", paramLabel = "N",
                description = "App columns, for sparse App rows (default: the largest index seen plus one).")
        Integer appWidth;

        @Option(names = "--index-base", paramLabel = "0|1",
                description = "Index of the first column in sparse index:value (.svm) rows; required for them.")
        Integer indexBase;

        /** The data the options name. */
        Data data() {
            Declaration declared = declaration();
            if (folder == null) {
                if (!declared.equals(Declaration.NONE)) {
                    throw new SandwichException("the embedded dataset is as declared already; give "
                            + SandwichException.setting("data") + " with your own files to declare their shapes");
                }
                return Data.embedded();
            }
            return Data.folder(folder, declared);
        }

        /** What the options declare of the files. */
        Declaration declaration() {
            Declaration.Builder d = Declaration.builder();
            Optional.ofNullable(l1Classes).ifPresent(d::l1Classes);
            Optional.ofNullable(l2Classes).ifPresent(d::l2Classes);
            Optional.ofNullable(appWidth).ifPresent(d::appWidth);
            Optional.ofNullable(indexBase).ifPresent(d::indexBase);
            return d.build();
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

    /** {@code --model}: the commands that train one model, or several runs of one (train and sweep). */
    static final class ModelName {
        @Option(names = "--model", paramLabel = "M", completionCandidates = Names.class,
                description = "The model to train: ${COMPLETION-CANDIDATES}.")
        String name;

        /** The model named, or an error that asks for it or for {@code otherwise}. */
        String required(String otherwise) {
            if (name == null) {
                throw new SandwichException("expected --model M (" + Console.models() + "), or " + otherwise);
            }
            return name;
        }

        /** The models' names, for the help and shell completion. */
        static final class Names implements Iterable<String> {
            @Override
            public Iterator<String> iterator() {
                return Models.ALL.stream().map(Recipe::name).iterator();
            }
        }
    }

    /** {@code --out} and {@code --overwrite}: the commands that train into a folder, by default out/COMMAND. */
    static final class Output {
        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/${COMMAND-NAME}).")
        Path folder;

        @Mixin
        Overwrite overwrite;

        /** The output folder. */
        Path folder() {
            return folder != null ? folder : Path.of("out", command.name());
        }

        /** Whether a finished result there may be replaced. */
        boolean overwrite() {
            return overwrite.overwrite;
        }
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
