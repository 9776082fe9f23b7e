package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.api.Sandwich;
import io.sandwich.api.SweepOptions;
import io.sandwich.api.SweepResult;
import io.sandwich.api.TrainOptions;
import io.sandwich.model.ModelKind;
import io.sandwich.model.Protocol;
import io.sandwich.sweep.Grid;
import io.sandwich.sweep.Shard;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich sweep}: a grid of settings times seeds, chosen on validation accuracy; sharded and merged. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  scripts/sandwich sweep --model app2l1 --grid lr=1e-3,3e-3 \\",
            "      --grid dropout1=0,0.1 --seeds 3",
            "  scripts/sandwich sweep --model app2l1 --grid lr=1e-3,3e-3 \\",
            "      --shard 2/4 --device gpu1 --out out/sweep/part-2",
            "  scripts/sandwich sweep --merge out/sweep/part-1 out/sweep/part-2 \\",
            "      out/sweep/part-3 out/sweep/part-4 --out out/sweep/merged"},
        description = {"Trains every configuration of a grid over seeds 1..K, chooses the one with the best mean"
                + " validation accuracy and reports its test accuracy alone (OUT/sweep.md, .json, .csv and charts)."
                + " Each run is stored in OUT/runs/ as it ends.",
                "Split a sweep with --shard I/N (one process, GPU or machine per part) and combine the parts' folders"
                        + " with --merge."})
public final class SweepCommand implements Callable<Integer> {
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

    @Option(names = "--model", paramLabel = "M",
            description = "app2l1, no-transfer, baseline, autoencoder or bidirectional (required unless --merge).")
    String model;

    @Option(names = "--grid", paramLabel = "OPTION=V1,V2,...",
            description = "A swept option and its values; repeat for more options (every combination runs)."
                    + " Options: lr, lr-e, lr-d, weight-decay, batch, hidden, sandwich-hidden, decoder-hidden-layers,"
                    + " loss, epochs, patience, dropout (three rates joined by slashes: dropout=0.05/0.1/0,0.1/0.2/0)"
                    + " and dropout1, dropout2, dropout3 (one of the three; the others from --dropout).")
    List<String> grid = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "K",
            description = "Seeds per configuration, 1..K (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N",
            description = "Epochs per stage, at most with --patience (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    SharedOptions.Loss loss;

    @Option(names = "--protocol", defaultValue = "clean", paramLabel = "P",
            description = "clean or seed (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only part I of N (every N-th run, from run I); merge the parts' folders with --merge.")
    String shard;

    @Option(names = "--resume", description = "Reuse the runs already finished in OUT/runs/ with the same settings.")
    boolean resume;

    @Option(names = "--merge", arity = "1..*", paramLabel = "DIR",
            description = "Merge the output folders of a sharded sweep's parts into --out instead of training.")
    List<Path> merge;

    @Option(names = "--out", defaultValue = "out/sweep", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        SweepResult r;
        if (merge != null) {
            Console.allowOnly(spec, "--merge", List.of("--out", "--overwrite", "--quiet"), "--merge combines"
                    + " finished parts as they were run");
            r = Sandwich.mergeSweeps(merge, out, overwrite.overwrite, Console.listener(spec, training.quiet));
        } else {
            if (model == null) {
                throw new SandwichException("expected --model M (app2l1, no-transfer, baseline, autoencoder or"
                        + " bidirectional), or --merge DIR...");
            }
            TrainOptions base = new TrainOptions(ModelKind.fromName(model), loss.kind(), Protocol.fromName(protocol),
                    epochs, 1, training.data(), training.hyper(topK.k, patience.epochs), training.compute(), null, null,
                    null, TrainOptions.of(model).saveFormat(), null, null, false);
            r = Sandwich.sweep(new SweepOptions(base, grid, seeds, shard == null ? Shard.ALL : Shard.parse(shard),
                    resume, overwrite.overwrite), out, Console.listener(spec, training.quiet));
        }
        PrintWriter o = Console.out(spec);
        if (r.report() == null) {
            o.printf(Locale.ROOT, "part finished: %d runs in %.1f s, stored in %s; when every part is done:"
                    + " sandwich sweep --merge DIR1 DIR2 ... --out DIR%n", r.runs(), r.seconds(),
                    r.out().resolve("runs"));
        } else {
            o.println();
            o.print(r.report().toMarkdown());
            o.printf(Locale.ROOT, "best: %s; wall time %.1f s; wrote %s, sweep.json, sweep.csv and charts%n",
                    Grid.describe(r.report().chosen().values()), r.seconds(), r.out().resolve("sweep.md"));
        }
        o.flush();
        return 0;
    }
}
