package io.sandwich.reproduce;

import io.sandwich.backend.Backend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.metrics.MajorityClass;
import io.sandwich.metrics.Summary;
import io.sandwich.model.DataPlan;
import io.sandwich.model.Experiment;
import io.sandwich.model.ModelKind;
import io.sandwich.model.ModelOptions;
import io.sandwich.model.Protocol;
import io.sandwich.model.RunResult;
import io.sandwich.model.StageData;
import io.sandwich.provenance.FinishedRuns;
import io.sandwich.provenance.RunRecord;
import io.sandwich.provenance.RunSettings;
import io.sandwich.report.Charts;
import io.sandwich.report.EpochLog;
import io.sandwich.report.Table1;
import io.sandwich.report.TableRow;
import io.sandwich.train.Progress;
import io.sandwich.train.Rates;
import io.sandwich.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains every row of Table 1 for seeds 1..K under one protocol and assembles the table: the majority-class
 * row (the most frequent L2 category of the L2 stage's training rows, scored on the test rows), the report's
 * rows, and the row with the best mean validation accuracy trained again with soft cross-entropy. Also draws the
 * report's Figure 1 (masked vs MSE convergence) and Figure 7 (the bi-directional model's train and validation
 * loss) from seed 1.
 */
public final class Reproduction {
    private final Backend backend;
    private final Progress progress;
    private final Consumer<String> say;
    private final Path out;
    private final FinishedRuns finished;

    /** A reproduction writing curves and logs under {@code out}, reporting each finished run through {@code say}. */
    public Reproduction(Backend backend, Progress progress, Consumer<String> say, Path out) {
        this(backend, progress, say, out, false);
    }

    /**
     * As {@link #Reproduction(Backend, Progress, Consumer, Path)}; every finished run is stored in
     * {@code out/runs/}, and with {@code resume} a run stored there with the same settings is not trained again.
     */
    public Reproduction(Backend backend, Progress progress, Consumer<String> say, Path out, boolean resume) {
        this.backend = backend;
        this.progress = progress;
        this.say = say;
        this.out = out;
        this.finished = new FinishedRuns(out, resume);
    }

    /** The runs of one row. */
    private record RowRuns(RowSpec row, List<RunResult> runs) {
        double meanValidation() {
            return runs.stream().mapToDouble(RunResult::bestValidationAccuracy).average().orElse(Double.NaN);
        }

        TableRow toRow() {
            double[] acc = runs.stream().mapToDouble(r -> r.test().accuracy()).toArray();
            double[] topK = runs.stream().mapToDouble(r -> r.test().topK()).toArray();
            return new TableRow(row.label(), row.model().cliName(), row.loss().cliName(), row.reported(),
                    Summary.of(acc), Summary.of(topK), acc,
                    runs.stream().mapToInt(RunResult::epochsTrained).average().orElse(Double.NaN));
        }
    }

    /**
     * Runs the rows (and, when {@code softCe}, the best one again with soft-ce) and returns the table.
     * {@code cfg}'s loss and seed are replaced per run.
     */
    public Table1 run(Dataset data, Protocol protocol, List<RowSpec> rows, boolean softCe, int seeds,
            ModelOptions options, TrainConfig cfg, Rates rates) {
        StageData l2 = DataPlan.l2(data, protocol);
        CsrMatrix test = l2.test().y();
        MajorityClass majority = MajorityClass.fit(l2.train().y());
        List<TableRow> table = new ArrayList<>();
        double maj = majority.accuracy(test);
        table.add(new TableRow("majority-class predictor", "majority", "", Double.NaN, Summary.of(maj),
                Summary.of(majority.topK(test, cfg.topK())), new double[] {maj}, Double.NaN));
        LinkedHashSet<String> notes = new LinkedHashSet<>();
        notes.add(String.format(Locale.ROOT, "majority class: L2 category %d (%d of %d training rows)",
                majority.category(), majority.count(), l2.train().rows()));
        RunRecord base = RunRecord.of(new RunSettings(rows.get(0).model(), protocol, cfg, options, rates),
                data.directory(), Map.of(), backend.info());
        EpochLog log = new EpochLog(out.resolve("epochs-" + protocol + ".jsonl"));
        Experiment exp = new Experiment(backend, progress, log);
        List<RowRuns> done = new ArrayList<>();
        for (RowSpec row : rows) {
            done.add(runRow(exp, log, row, data, base, seeds, notes));
        }
        if (softCe) {
            RowRuns best = done.stream().max((a, b) -> Double.compare(a.meanValidation(), b.meanValidation()))
                    .orElseThrow();
            notes.add(String.format(Locale.ROOT, "soft-ce row: %s had the best mean validation accuracy (%.3f)",
                    best.row().label(), best.meanValidation()));
            done.add(runRow(exp, log, RowSpec.softCrossEntropy(best.row()), data, base, seeds, notes));
        }
        done.forEach(r -> table.add(r.toRow()));
        figures(protocol, done);
        return new Table1(protocol.toString(), data.directory().toString(), cfg.epochs(), cfg.patience(), seeds,
                cfg.topK(), table,
                List.copyOf(notes));
    }

    private RowRuns runRow(Experiment exp, EpochLog log, RowSpec row, Dataset data, RunRecord base, int seeds,
            LinkedHashSet<String> notes) {
        Protocol protocol = base.settings().protocol();
        int topK = base.settings().config().topK();
        List<RunResult> runs = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            log.setContext(Map.of("protocol", protocol.toString(), "row", row.id(), "seed", Integer.toString(s)));
            long t0 = System.nanoTime();
            RunSettings settings = base.settings().with(row.model(), row.loss(), s);
            FinishedRuns.Key key = new FinishedRuns.Key(protocol + "-" + row.id() + "-seed" + s,
                    base.withSettings(settings));
            RunResult r = finished.find(key);
            String reused = "";
            if (r == null) {
                r = exp.run(row.model(), data, protocol, settings.options(), settings.config(), settings.rates(),
                        Experiment.Init.none());
                finished.save(key, r);
            } else {
                log.acceptAll(r.history());
                reused = " " + FinishedRuns.reusedNote(key);
            }
            runs.add(r);
            // the table's epochs column sums up where early stopping ended each run
            r.notes().stream().filter(n -> !n.contains(Experiment.STOPPED_EARLY)).forEach(notes::add);
            String l1 = r.testL1() == null ? "" : String.format(Locale.ROOT, ", L1 accuracy %.4f",
                    r.testL1().accuracy());
            say.accept(String.format(Locale.ROOT, "[%s] %-40s seed %d/%d: test accuracy %.4f, top-%d %.4f%s (%.1f s)%s",
                    protocol, row.label(), s, seeds, r.test().accuracy(), topK, r.test().topK(), l1,
                    (System.nanoTime() - t0) / 1e9, reused));
            if (s == 1) {
                Charts.learningCurves(r.history(), out.resolve("curves"), protocol + "-" + row.id(),
                        row.label() + " (" + protocol + ", seed 1)");
            }
        }
        return new RowRuns(row, runs);
    }

    /** Figure 1 from the two baseline rows, Figure 7 from the bi-directional row, when they were run. */
    private void figures(Protocol protocol, List<RowRuns> done) {
        Map<String, RunResult> first = new HashMap<>();
        done.forEach(r -> first.put(r.row().id(), r.runs().get(0)));
        RunResult mse = first.get("baseline-mse");
        RunResult masked = first.get("baseline-masked");
        if (mse != null && masked != null) {
            List<Charts.Series> s = new ArrayList<>();
            for (RunResult r : List.of(mse, masked)) {
                String loss = r.config().loss().cliName();
                double[] train = r.history().stream().filter(h -> h.stage().equals("baseline"))
                        .mapToDouble(h -> h.trainLoss()).toArray();
                double[] val = r.history().stream().filter(h -> h.stage().equals("baseline"))
                        .mapToDouble(h -> h.valLoss()).toArray();
                s.add(new Charts.Series(loss + " train", relative(train, train[0])));
                s.add(new Charts.Series(loss + " val", relative(val, train[0])));
            }
            Charts.lines(out.resolve("figure1-masked-vs-mse-" + protocol + ".png"), "Figure 1: baseline App -> L2"
                    + " fine-tuning, masked vs MSE (" + protocol + ", seed 1)", "epoch",
                    "loss / first-epoch train loss", s);
        }
        RunResult bi = done.stream().filter(r -> r.row().model() == ModelKind.BIDIRECTIONAL)
                .map(r -> r.runs().get(0)).findFirst().orElse(null);
        if (bi != null) {
            Charts.learningCurves(bi.history(), out, "figure7-bidirectional-" + protocol,
                    "Figure 7: bi-directional model (" + protocol + ", seed 1)");
        }
    }

    private static double[] relative(double[] v, double base) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] / base;
        }
        return r;
    }
}
