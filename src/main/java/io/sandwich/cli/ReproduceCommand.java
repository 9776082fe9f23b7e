package io.sandwich.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.LossKind;
import io.sandwich.data.Dataset;
import io.sandwich.io.AtomicFiles;
import io.sandwich.model.Protocol;
import io.sandwich.report.Charts;
import io.sandwich.report.Table1;
import io.sandwich.reproduce.Reproduction;
import io.sandwich.reproduce.RowSpec;
import io.sandwich.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich reproduce}: the report's Table 1, honestly, in one command. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Trains every row of Table 1 over several seeds and prints the table (also OUT/table1.md,"
                + " OUT/table1.json, OUT/table1.png, learning curves in OUT/curves/, epoch logs).")
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--epochs", defaultValue = "2", paramLabel = "N",
            description = "Epochs per stage (default: ${DEFAULT-VALUE}, so that the whole table fits in 5 minutes on"
                    + " 2 cores; the seed's scripts ran far more, e.g. 1000 for its baseline).")
    int epochs;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "K", description = "Seeds per row, 1..K (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--protocol", defaultValue = "both", paramLabel = "P",
            description = "clean, seed or both (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--no-soft-ce", description = "Leave out the extra row (the best model with soft-ce).")
    boolean noSoftCe;

    @Option(names = "--out", defaultValue = "out/reproduce", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Reuse the runs already finished in OUT/runs/ with the same settings"
            + " (each run is stored there as it ends), so that a stopped reproduction continues where it was.")
    boolean resume;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new SandwichException("expected --seeds >= 1, found " + seeds);
        }
        Outputs.folder("--out", out);
        List<Protocol> protocols = protocol.trim().equalsIgnoreCase("both") ? List.of(Protocol.CLEAN, Protocol.SEED)
                : List.of(Protocol.fromName(protocol));
        PrintWriter o = spec.commandLine().getOut();
        Dataset data = common.loadData();
        TrainConfig cfg = new TrainConfig(epochs, common.batch, 1, LossKind.MSE, common.adam(), common.topK);
        long t0 = System.nanoTime();
        List<Table1> tables = new ArrayList<>();
        try (Backend backend = common.openBackend(spec.commandLine().getErr())) {
            o.printf("reproducing Table 1 on %s: %d epochs per stage, %d seeds, device %s%n", data.directory(), epochs,
                    seeds, backend.device());
            o.flush();
            Reproduction rep = new Reproduction(backend, ConsoleProgress.forConsole(common.quiet), line -> {
                o.println(line);
                o.flush();
            }, out, resume);
            for (Protocol p : protocols) {
                tables.add(rep.run(data, p, RowSpec.table1(), !noSoftCe, seeds, common.modelOptions(), cfg,
                        common.rates()));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder md = new StringBuilder();
        JsonObject json = new JsonObject();
        for (Table1 t : tables) {
            md.append(t.toMarkdown()).append('\n');
            json.add(t.protocol(), t.toJson());
        }
        md.append(String.format(Locale.ROOT, "Wall time: %.1f s.%n", seconds));
        json.addProperty("seconds", seconds);
        o.println();
        o.print(md);
        AtomicFiles.writeString(out.resolve("table1.md"), md.toString());
        AtomicFiles.writeString(out.resolve("table1.json"), new GsonBuilder().setPrettyPrinting().create()
                .toJson(json) + "\n");
        drawBars(tables);
        o.println("wrote " + out.resolve("table1.md") + ", table1.json, table1.png and curves/");
        return 0;
    }

    private void drawBars(List<Table1> tables) {
        List<String> labels = tables.get(0).rows().stream()
                .map(r -> r.loss().equals("soft-ce") ? "best model + soft-ce" : r.label()).toList();
        Map<String, double[][]> series = new LinkedHashMap<>();
        double[][] reported = new double[2][labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            reported[0][i] = tables.get(0).rows().get(i).reported();
            reported[1][i] = Double.NaN;
        }
        series.put("reported", reported);
        for (Table1 t : tables) {
            double[][] v = new double[2][labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                v[0][i] = t.rows().get(i).accuracy().mean();
                v[1][i] = t.rows().get(i).accuracy().std();
            }
            series.put("ours, " + t.protocol() + " protocol", v);
        }
        Charts.bars(out.resolve("table1.png"), "Table 1: test L2 category accuracy", "accuracy", labels, series);
    }
}
