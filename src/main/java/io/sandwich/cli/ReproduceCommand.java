package io.sandwich.cli;

import io.sandwich.api.ReproduceOptions;
import io.sandwich.api.ReproduceResult;
import io.sandwich.api.Sandwich;
import io.sandwich.model.Protocol;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich reproduce}: the report's Table 1, honestly, in one command. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  scripts/sandwich reproduce",
            "  scripts/sandwich reproduce --data ../shared/data/seed --epochs 1000 \\",
            "      --patience 20 --seeds 5",
            "  scripts/sandwich reproduce --protocol clean --no-soft-ce --resume"},
        description = "Trains every row of Table 1 over several seeds and prints the table (also OUT/table1.md,"
                + " OUT/table1.json, OUT/table1.png, learning curves in OUT/curves/, epoch logs).")
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Mixin
    SharedOptions.TopK topK;

    @Mixin
    SharedOptions.Overwrite overwrite;

    @Mixin
    SharedOptions.Patience patience;

    @Option(names = "--epochs", defaultValue = "2", paramLabel = "N",
            description = "Epochs per stage (default: ${DEFAULT-VALUE}, so that the whole table fits in 5 minutes on"
                    + " 2 cores; the seed's scripts ran far more, e.g. 1000 for its baseline).")
    int epochs;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "K",
            description = "Seeds per row, 1..K (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--protocol", defaultValue = "both", paramLabel = "P",
            description = "clean, seed or both (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--no-soft-ce", description = "Leave out the extra row (the best model with soft-ce).")
    boolean noSoftCe;

    @Option(names = "--out", defaultValue = "out/reproduce", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Reuse the runs already finished in OUT/runs/ with the same settings"
            + " (each run is stored there as it ends), so that a stopped reproduction continues where it was.")
    boolean resume;

    @Override
    public Integer call() {
        List<Protocol> protocols = protocol.trim().equalsIgnoreCase("both") ? List.of(Protocol.CLEAN, Protocol.SEED)
                : List.of(Protocol.fromName(protocol));
        ReproduceResult r = Sandwich.reproduce(new ReproduceOptions(training.data(), epochs, seeds, protocols,
                !noSoftCe, resume, overwrite.overwrite, training.hyper(topK.k, patience.epochs), training.compute()),
                out, Console.listener(spec, training.quiet));
        PrintWriter o = Console.out(spec);
        o.println();
        o.print(r.markdown());
        o.println("wrote " + out.resolve("table1.md") + ", table1.json, table1.png and curves/");
        o.flush();
        return 0;
    }
}
