package io.sandwich.cli;

import io.sandwich.api.BenchOptions;
import io.sandwich.api.BenchResult;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Sandwich;
import io.sandwich.api.Hyperparameter;
import io.sandwich.api.Models;
import io.sandwich.api.Settings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sandwich bench}: training throughput of one model's network (no validation passes), after warm-up
 * epochs, with the process's peak resident memory.
 */
@Command(name = "bench", footer = {
            "  scripts/sandwich bench --model app2l1 --batch 128 --epochs 3",
            "  scripts/sandwich bench --device gpu --json out/bench.json"},
        description = "Measures training throughput: samples/s, ms per step, seconds per epoch (median of the timed"
                + " epochs, after warm-up), peak resident memory, and the efficiency against the step's matrix"
                + " products alone, timed after each epoch; prints them and writes them as JSON.")
public final class BenchCommand extends TrainingCommand {
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
    SharedOptions.Json json;

    @Override
    public List<Hyperparameter<?>> hyperparameters() {
        // a benchmark trains without validation, for the epochs it times, from seed 1
        List<Hyperparameter<?>> unused = List.of(Hyperparameters.EPOCHS, Hyperparameters.PATIENCE,
                Hyperparameters.PROTOCOL, Hyperparameters.SEED, Hyperparameters.TOP_K);
        return Hyperparameters.ALL.stream().filter(h -> !unused.contains(h)).toList();
    }

    @Override
    public Settings defaults() {
        return Settings.defaults();
    }

    @Override
    public Integer call() {
        BenchResult r = Sandwich.bench(new BenchOptions(Models.named(model), epochs, warmup, training.data(),
                settings(), training.compute()), Optional.ofNullable(json.file),
                listener());
        PrintWriter out = out();
        out.printf(Locale.ROOT, "%s on %s, batch %d, %d rows: %.0f samples/s, %.2f ms/step, %.3f s/epoch (median of"
                + " %d), peak RSS %.0f MB%n", r.options().model().name(), r.device(),
                r.options().settings().get(Hyperparameters.BATCH), r.rows(), r.samplesPerSecond(), r.msPerStep(),
                r.secondsPerEpoch(), epochs, r.peakRssMb());
        out.printf(Locale.ROOT, "GEMM-bound limit on this backend's BLAS: %.0f samples/s (its %d products alone);"
                + " efficiency %.2f%n", r.gemmLimit().samplesPerSecond(), r.gemmLimit().shapes().stream()
                .mapToInt(s -> s.perStep()).sum(), r.efficiency());
        out.flush();
        return 0;
    }
}
