package io.sandwich.cli;

import io.sandwich.api.ReproduceOptions;
import io.sandwich.api.ReproduceResult;
import io.sandwich.api.Sandwich;
import io.sandwich.api.Hyperparameter;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Protocol;
import io.sandwich.api.Settings;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sandwich reproduce}: the report's Table 1, honestly, in one command. */
@Command(name = "reproduce", footer = {
            "  scripts/sandwich reproduce",
            "  scripts/sandwich reproduce --data ../shared/data/seed --epochs 1000 \\",
            "      --patience 20 --seeds 5",
            "  scripts/sandwich reproduce --protocol clean --no-soft-ce --resume"},
        description = "Trains every row of Table 1 over several seeds and prints the table (also OUT/table1.md,"
                + " OUT/table1.json, OUT/table1.png, learning curves in OUT/curves/, epoch logs).")
public final class ReproduceCommand extends TrainingCommand {
    @Mixin
    SharedOptions.Output output;

    @Mixin
    SharedOptions.Repeats repeats;

    @Option(names = "--protocol", defaultValue = "both", paramLabel = "P",
            description = "clean, seed or both (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--no-soft-ce", description = "Leave out the extra row (the best model with soft-ce).")
    boolean noSoftCe;

    @Override
    public List<Hyperparameter<?>> hyperparameters() {
        return Hyperparameters.ALL.stream().filter(h -> h != Hyperparameters.LOSS && h != Hyperparameters.PROTOCOL
                && h != Hyperparameters.SEED).toList();
    }

    @Override
    public Settings defaults() {
        return ReproduceOptions.DEFAULT_SETTINGS;
    }

    @Override
    public Integer call() {
        List<Protocol> protocols = protocol.trim().equalsIgnoreCase("both") ? List.of(Protocol.CLEAN, Protocol.SEED)
                : List.of(Protocol.named(protocol));
        ReproduceResult r = Sandwich.reproduce(ReproduceOptions.builder().data(training.data())
                .settings(settings()).seeds(repeats.seeds).protocols(protocols).softCe(!noSoftCe)
                .resume(repeats.resume).overwrite(output.overwrite()).compute(training.compute()).build(),
                output.folder(), listener());
        PrintWriter o = out();
        o.println();
        o.print(r.markdown());
        o.println("wrote " + output.folder().resolve("table1.md") + ", table1.json, table1.png and curves/");
        o.flush();
        return 0;
    }
}
