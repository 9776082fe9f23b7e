package io.sandwich.cli;

import io.sandwich.api.BenchOptions;
import io.sandwich.api.BenchResult;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Sandwich;
import io.sandwich.model.ModelKind;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandwich bench}: training throughput of one model's network (no validation passes), after warm-up
 * epochs, with the process's peak resident memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  scripts/sandwich bench --model app2l1 --batch 128 --epochs 3",
            "  scripts/sandwich bench --device gpu --json out/bench.json"},
        description = "Measures training throughput: samples/s, ms per step, seconds per epoch (median of the timed"
                + " epochs, after warm-up) and peak resident memory; prints them and writes them as JSON.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--model", defaultValue = "app2l1", paramLabel = "M",
            description = "Network to train: app2l1 (the seed's baseline net on tr_app/tr_l1), no-transfer, baseline"
                    + " (its App -> L2 stage), autoencoder (the joined model), bidirectional (default:"
                    + " ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N",
            description = "Timed epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N",
            description = "Untimed warm-up epochs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    SharedOptions.Loss loss;

    @Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() {
        BenchResult r = Sandwich.bench(new BenchOptions(ModelKind.fromName(model), epochs, warmup, loss.kind(),
                training.data(), training.hyper(Hyperparameters.defaults().topK(), 0), training.compute()), json.file,
                Console.listener(spec, training.quiet));
        PrintWriter out = Console.out(spec);
        out.printf(Locale.ROOT, "%s on %s, batch %d, %d rows: %.0f samples/s, %.2f ms/step, %.3f s/epoch (median of"
                + " %d), peak RSS %.0f MB%n", r.options().model(), r.device(), r.options().hyper().batch(), r.rows(),
                r.samplesPerSecond(), r.msPerStep(), r.secondsPerEpoch(), epochs, r.peakRssMb());
        out.flush();
        return 0;
    }
}
