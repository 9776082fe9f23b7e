package io.sandwich.reproduce;

import io.sandwich.backend.Backend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.metrics.MajorityClass;
import io.sandwich.metrics.Summary;
import io.sandwich.model.DataPlan;
import io.sandwich.model.Experiment;
import io.sandwich.model.ModelOptions;
import io.sandwich.model.Protocol;
import io.sandwich.model.RunResult;
import io.sandwich.model.StageData;
import io.sandwich.report.Charts;
import io.sandwich.report.EpochLog;
import io.sandwich.report.Table1;
import io.sandwich.report.TableRow;
import io.sandwich.train.Progress;
import io.sandwich.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains every row of Table 1 for seeds 1..K under one protocol and assembles the table. The majority row fits
 * the most frequent L2 category on the L2 stage's training rows and scores it on the test rows.
 */
public final class Reproduction {
    private final Backend backend;
    private final Progress progress;
    private final Consumer<String> say;
    private final Path out;

    /** A reproduction writing curves and logs under {@code out}, reporting each finished run through {@code say}. */
    public Reproduction(Backend backend, Progress progress, Consumer<String> say, Path out) {
        this.backend = backend;
        this.progress = progress;
        this.say = say;
        this.out = out;
    }

    /** Runs the rows and returns the table. {@code cfg}'s loss and seed are replaced per run. */
    public Table1 run(Dataset data, Protocol protocol, List<RowSpec> rows, int seeds, ModelOptions options,
            TrainConfig cfg) {
        StageData l2 = DataPlan.l2(data, protocol);
        CsrMatrix test = l2.test().y();
        MajorityClass majority = MajorityClass.fit(l2.train().y());
        List<TableRow> table = new ArrayList<>();
        double maj = majority.accuracy(test);
        table.add(new TableRow("majority-class predictor", "majority", "", Double.NaN, Summary.of(maj),
                Summary.of(majority.topK(test, cfg.topK())), new double[] {maj}));
        LinkedHashSet<String> notes = new LinkedHashSet<>();
        notes.add(String.format(Locale.ROOT, "majority class: L2 category %d (%d of %d training rows)",
                majority.category(), majority.count(), l2.train().rows()));
        EpochLog log = new EpochLog(out.resolve("epochs-" + protocol + ".jsonl"));
        Experiment exp = new Experiment(backend, progress, log);
        for (RowSpec row : rows) {
            double[] acc = new double[seeds];
            double[] topK = new double[seeds];
            for (int s = 1; s <= seeds; s++) {
                log.setContext(Map.of("protocol", protocol.toString(), "row", row.id(), "seed", Integer.toString(s)));
                long t0 = System.nanoTime();
                RunResult r = exp.run(row.model(), data, protocol, options,
                        cfg.withLoss(row.loss()).withSeed(s), Map.of());
                acc[s - 1] = r.test().accuracy();
                topK[s - 1] = r.test().topK();
                notes.addAll(r.notes());
                say.accept(String.format(Locale.ROOT, "[%s] %-26s seed %d/%d: test accuracy %.4f, top-%d %.4f"
                        + " (%.1f s)", protocol, row.label(), s, seeds, acc[s - 1], cfg.topK(), topK[s - 1],
                        (System.nanoTime() - t0) / 1e9));
                if (s == 1) {
                    Charts.learningCurves(r.history(), out.resolve("curves"), protocol + "-" + row.id(),
                            row.label() + " (" + protocol + ", seed 1)");
                }
            }
            table.add(new TableRow(row.label(), row.model().cliName(), row.loss().cliName(), row.reported(),
                    Summary.of(acc), Summary.of(topK), acc));
        }
        return new Table1(protocol.toString(), data.directory().toString(), cfg.epochs(), seeds, cfg.topK(), table,
                List.copyOf(notes));
    }
}
