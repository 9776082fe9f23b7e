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

/** {@code sandwich predict}: runs saved weights over a vector file and writes one output row per input row. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  scripts/sandwich predict --weights out/app2l1/model.pt \\",
            "      --input data/embedded/test_app.txt --output out/predictions.txt",
            "  scripts/sandwich predict --weights out/bidirectional/model.pt \\",
            "      --input data/embedded/test_app.txt --output out/l2.txt --output-l1 out/l1.txt"},
        description = "Runs a weights file (the seed's Net, Net2 or Addlayers layout, or a model saved by sandwich)"
                + " over an input vector file and writes one space-separated output row per input row.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ComputeOptions computing;

    @Mixin
    SharedOptions.Weights weights;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input rows, e.g. test_app.txt.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the outputs.")
    Path output;

    @Option(names = "--output-l1", paramLabel = "FILE",
            description = "For a bi-directional model: where to write its second output, the encoder's L1 rows.")
    Path outputL1;

    @Override
    public Integer call() {
        PredictResult r = Sandwich.predict(new PredictOptions(weights.file, input, output,
                Optional.ofNullable(outputL1), computing.compute(true)), Console.listener(spec, true));
        PrintWriter o = Console.out(spec);
        o.printf("%s: wrote %d rows of %d values to %s%n", r.layout(), r.rows(), r.width(), output);
        if (outputL1 != null) {
            o.printf("wrote %d rows of %d values to %s%n", r.rows(), r.l1Width(), outputL1);
        }
        o.flush();
        return 0;
    }
}
