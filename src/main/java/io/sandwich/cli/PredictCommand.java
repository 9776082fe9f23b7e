package io.sandwich.cli;

import io.sandwich.api.PredictOptions;
import io.sandwich.api.PredictResult;
import io.sandwich.api.Sandwich;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich predict}: runs saved weights over rows and writes each row's outputs, or its best columns. */
@Command(name = "predict", footer = {
            "  scripts/sandwich predict --weights out/app2l1/model.pt \\",
            "      --input data/embedded/test_app.txt --output out/predictions.txt",
            "  scripts/sandwich predict --weights out/baseline/model.pt \\",
            "      --data data/embedded --split test --top-k 5 --output out/top5.txt",
            "  scripts/sandwich predict --weights out/bidirectional/model.pt \\",
            "      --input data/embedded/test_app.txt --output out/l2.txt --output-l1 out/l1.txt"},
        description = "Runs a weights file (the seed's Net, Net2 or Addlayers layout, or a model saved by sandwich)"
                + " over the rows of an input file or of a dataset's split and writes, per row, its outputs"
                + " (space-separated scores) or, with --top-k, its K best 0-based column ids, best first: as"
                + " user:id,id,... lines where there are user ids (--users, or the dataset's; its row numbers where it"
                + " has none), which rank-eval reads.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ComputeOptions computing;

    @Mixin
    SharedOptions.Weights weights;

    @Option(names = "--input", paramLabel = "FILE",
            description = "Input rows, e.g. test_app.txt (.txt, .csv, .tsv, .npy or .svm with --index-base).")
    Path input;

    @Mixin
    SharedOptions.DataFolder data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "With --data: the split whose App rows are run, train, validation or test (default:"
                    + " ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the rows.")
    Path output;

    @Option(names = "--output-l1", paramLabel = "FILE",
            description = "For a bi-directional model: where to write its second output, the encoder's L1 scores.")
    Path outputL1;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Write each row's K best column ids, best first, instead of its scores.")
    Integer topK;

    @Option(names = "--users", paramLabel = "FILE",
            description = "With --top-k: one user id per row (like user.txt), for user:id,id,... lines.")
    Path users;

    @Option(names = "--names", paramLabel = "FILE",
            description = "With --top-k: one name per output column (line 1 names column 0), written for the ids.")
    Path names;

    @Override
    public Integer call() {
        PredictOptions.Builder b = PredictOptions.builder(weights.file, output).compute(computing.compute(true));
        if (input != null) {
            b.input(input, data.declaration());
        }
        if (data.folder != null) {
            b.split(data.data(), split);
        }
        Optional.ofNullable(outputL1).ifPresent(b::outputL1);
        Optional.ofNullable(topK).ifPresent(b::topK);
        Optional.ofNullable(users).ifPresent(b::users);
        Optional.ofNullable(names).ifPresent(b::names);
        PredictResult r = Sandwich.predict(b.build(), Console.listener(spec, true));
        PrintWriter o = Console.out(spec);
        if (topK != null) {
            o.printf("%s: wrote the %d best of %d columns of %d rows to %s%n", r.layout(), topK, r.width(), r.rows(),
                    output);
        } else {
            o.printf("%s: wrote %d rows of %d values to %s%n", r.layout(), r.rows(), r.width(), output);
        }
        if (outputL1 != null) {
            o.printf("wrote %d rows of %d values to %s%n", r.rows(), r.l1Width(), outputL1);
        }
        o.flush();
        return 0;
    }
}
