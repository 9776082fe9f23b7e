package io.sandwich.cli;

import io.sandwich.api.Cancellation;
import io.sandwich.api.Sandwich;
import io.sandwich.api.SweepOptions;
import io.sandwich.api.SweepResult;
import io.sandwich.api.Hyperparameter;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Settings;
import io.sandwich.api.TrainOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sandwich sweep}: a grid of settings times seeds, chosen on validation accuracy; sharded and merged. */
@Command(name = "sweep", footer = {
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
public final class SweepCommand extends TrainingCommand {
    @Mixin
    SharedOptions.Output output;

    @Mixin
    SharedOptions.Repeats repeats;

    @Mixin
    SharedOptions.ModelName model;

    @Option(names = "--grid", paramLabel = "OPTION=V1,V2,...",
            description = "A swept hyperparameter and its values; repeat for more (every combination runs). The"
                    + " options below marked sweepable can be; a list's values join their elements by slashes"
                    + " (dropout=0.05/0.1/0,0.1/0.2/0), and NAME1, NAME2, ... sweep one element, the others from"
                    + " its option (dropout2=0,0.1).")
    List<String> grid = new ArrayList<>();

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only part I of N (every N-th run, from run I); merge the parts' folders with --merge.")
    String shard;

    @Option(names = "--merge", arity = "1..*", paramLabel = "DIR",
            description = "Merge the output folders of a sharded sweep's parts into --out instead of training.")
    List<Path> merge;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Checkpoint the run in training every N epochs into OUT/checkpoints/ (removed when it"
                    + " ends), so that --resume continues a stopped or preempted run from there.")
    Integer checkpointEvery;

    @Option(names = "--check", description = "Check the grid, the data and --out as the sweep would, print how many"
            + " runs it has, and train nothing (scripts/slurm-sweep calls this before it submits).")
    boolean check;

    @Override
    public List<Hyperparameter<?>> hyperparameters() {
        return Hyperparameters.ALL.stream().filter(h -> h != Hyperparameters.SEED).toList();
    }

    @Override
    public Settings defaults() {
        return Settings.defaults();
    }

    @Override
    public boolean marksSweepable() {
        return true;
    }

    @Override
    public Integer call() {
        if (merge != null) {
            Console.allowOnly(spec, "--merge", List.of("--out", "--overwrite", "--quiet"), "--merge combines"
                    + " finished parts as they were run");
            return report(Sandwich.mergeSweeps(merge, output.folder(), output.overwrite(), listener()));
        }
        if (check) {
            out().printf(Locale.ROOT, "sweep checked: %d runs; nothing trained%n",
                    Sandwich.checkSweep(options(new Cancellation()), output.folder()));
            out().flush();
            return 0;
        }
        return stoppable(stop -> report(Sandwich.sweep(options(stop), output.folder(), listener())));
    }

    private SweepOptions options(Cancellation stop) {
        TrainOptions.Builder t = TrainOptions.builder(model.required("--merge DIR...")).data(training.data())
                .settings(settings()).compute(training.compute()).cancellation(stop);
        if (checkpointEvery != null) {
            t.checkpointEvery(checkpointEvery);
        }
        SweepOptions.Builder b = SweepOptions.builder(t.build()).seeds(repeats.seeds).resume(repeats.resume)
                .overwrite(output.overwrite());
        grid.forEach(b::grid);
        if (shard != null) {
            b.shard(shard);
        }
        return b.build();
    }

    private int report(SweepResult r) {
        PrintWriter o = out();
        if (r.report().isEmpty()) {
            o.printf(Locale.ROOT, "part finished: %d runs in %.1f s, stored in %s; when every part is done:"
                    + " sandwich sweep --merge DIR1 DIR2 ... --out DIR%n", r.runs(), r.seconds(),
                    r.out().resolve("runs"));
        } else {
            o.println();
            o.print(r.report().get().markdown());
            o.printf(Locale.ROOT, "best: %s; wall time %.1f s; wrote %s, sweep.json, sweep.csv and charts%n",
                    r.report().get().describe(), r.seconds(), r.out().resolve("sweep.md"));
        }
        o.flush();
        return 0;
    }
}
