package io.sandwich.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.LossKind;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.VectorFileReader;
import io.sandwich.io.AtomicFiles;
import io.sandwich.model.Architectures;
import io.sandwich.model.DataPlan;
import io.sandwich.model.ModelKind;
import io.sandwich.model.ModelOptions;
import io.sandwich.model.Protocol;
import io.sandwich.model.StageData;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import io.sandwich.train.AlternatingGradientTrainer;
import io.sandwich.train.DualSet;
import io.sandwich.train.EpochStats;
import io.sandwich.train.LabelledSet;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        description = "Measures training throughput: samples/s, ms per step, seconds per epoch (median of the timed"
                + " epochs, after warm-up) and peak resident memory; prints them and writes them as JSON.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", defaultValue = "app2l1", paramLabel = "M",
            description = "Network to train: app2l1 (the seed's baseline net on tr_app/tr_l1), no-transfer, baseline"
                    + " (its App -> L2 stage), autoencoder (the joined model), bidirectional (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Timed epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N", description = "Untimed warm-up epochs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--loss", defaultValue = "masked", paramLabel = "L", description = "Loss (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results here.")
    Path json;

    @Override
    public Integer call() {
        if (epochs < 1 || warmup < 0) {
            throw new SandwichException("expected --epochs >= 1 and --warmup >= 0, found " + epochs + " and " + warmup);
        }
        if (json != null) {
            Outputs.file("--json", json);
        }
        ModelKind kind = ModelKind.fromName(model);
        LossKind lossKind = LossKind.fromName(loss);
        ModelOptions o = common.modelOptions();
        TrainConfig cfg = new TrainConfig(epochs + warmup, common.batch, 1, lossKind, common.adam(), common.topK);
        PrintWriter out = spec.commandLine().getOut();
        List<EpochStats> history = new ArrayList<>();
        int rows;
        String device;
        try (Backend backend = common.openBackend(spec.commandLine().getErr())) {
            device = backend.device().toString();
            if (kind == ModelKind.APP2L1) {
                // the seed's baseline net needs only tr_app.txt and tr_l1.txt (all the GPU bundle carries)
                Path dir = common.dataDir();
                CsrMatrix x = VectorFileReader.read(dir.resolve("tr_app.txt"), 0);
                CsrMatrix y = VectorFileReader.read(dir.resolve("tr_l1.txt"), 0);
                LabelledSet set = new LabelledSet("tr_app/tr_l1", x, y);
                rows = set.rows();
                new SupervisedTrainer(backend, ConsoleProgress.forConsole(common.quiet)).train("bench",
                        net(backend, Architectures.seedNet(x.cols(), y.cols(), o)), set, null, cfg, history::add);
            } else if (kind == ModelKind.BIDIRECTIONAL) {
                Dataset data = common.loadData();
                DualSet set = DataPlan.dual(data, Protocol.CLEAN).train();
                rows = set.rows();
                AlternatingGradientTrainer.Nets nets = new AlternatingGradientTrainer.Nets(
                        net(backend, Architectures.net("encoder.", data.appDim(), data.l1Dim(), 2, o)),
                        net(backend, Architectures.net("decoder.", data.appDim(), data.l2Dim(),
                                o.bidirectionalDecoderLayers(), o)),
                        net(backend, Architectures.connector("c12", data.l1Dim(), data.l2Dim(), o)),
                        net(backend, Architectures.connector("c21", data.l2Dim(), data.l1Dim(), o)));
                new AlternatingGradientTrainer(backend, ConsoleProgress.forConsole(common.quiet), lossKind)
                        .train("bench", nets, set, null, cfg, common.rates(), history::add);
            } else {
                Dataset data = common.loadData();
                StageData rowsOf = DataPlan.l2(data, Protocol.CLEAN);
                rows = rowsOf.train().rows();
                new SupervisedTrainer(backend, ConsoleProgress.forConsole(common.quiet)).train("bench",
                        net(backend, layers(kind, data, o)), rowsOf.train(), null, cfg, history::add);
            }
        }
        double[] secs = history.stream().skip(warmup).mapToDouble(EpochStats::seconds).sorted().toArray();
        double epochSeconds = secs[secs.length / 2];
        int steps = (rows + common.batch - 1) / common.batch;
        long peakKb = peakRssKb();
        JsonObject j = new JsonObject();
        j.addProperty("tool", "sandwich");
        j.addProperty("model", kind.cliName());
        j.addProperty("device", device);
        j.addProperty("threads", common.threads);
        j.addProperty("graphs", !common.noGraphs);
        j.addProperty("spmm", common.spmm);
        j.addProperty("tf32", common.tf32);
        j.addProperty("batch", common.batch);
        j.addProperty("rows", rows);
        j.addProperty("epochs_timed", epochs);
        j.addProperty("seconds_per_epoch", epochSeconds);
        j.addProperty("ms_per_step", epochSeconds * 1000 / steps);
        j.addProperty("samples_per_second", rows / epochSeconds);
        j.addProperty("peak_rss_mb", peakKb / 1024.0);
        j.add("epoch_seconds", new GsonBuilder().create().toJsonTree(Arrays.stream(secs).boxed().toList()));
        out.printf(Locale.ROOT, "%s on %s, batch %d, %d rows: %.0f samples/s, %.2f ms/step, %.3f s/epoch (median of"
                + " %d), peak RSS %.0f MB%n", kind, device, common.batch, rows, rows / epochSeconds,
                epochSeconds * 1000 / steps, epochSeconds, epochs, peakKb / 1024.0);
        if (json != null) {
            AtomicFiles.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(j) + "\n");
        }
        return 0;
    }

    private static List<LayerSpec> layers(ModelKind kind, Dataset d, ModelOptions o) {
        return switch (kind) {
            case NO_TRANSFER -> Architectures.seedNet(d.appDim(), d.l2Dim(), o);
            case BASELINE -> Architectures.addLayers(Architectures.seedNet(d.appDim(), d.l1Dim(), o), d.l2Dim(), o);
            case AUTOENCODER -> Architectures.autoencoder(Architectures.seedNet(d.appDim(), d.l1Dim(), o),
                    Architectures.net("", d.l1Dim(), d.l2Dim(), o.decoderHiddenLayers(), o), o);
            case APP2L1, BIDIRECTIONAL -> throw new IllegalStateException("handled apart");
        };
    }

    private static Network net(Backend backend, List<LayerSpec> layers) {
        Network n = new Network(backend, layers);
        n.initialize(1);
        return n;
    }

    /** VmHWM of this process from /proc (0 where there is no /proc). */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
