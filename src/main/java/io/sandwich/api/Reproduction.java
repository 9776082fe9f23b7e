package io.sandwich.api;

import io.sandwich.backend.Backend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.metrics.MajorityClass;
import io.sandwich.metrics.Summary;
import io.sandwich.model.DataPlan;
import io.sandwich.model.RunResult;
import io.sandwich.model.StageData;
import io.sandwich.provenance.FinishedRuns;
import io.sandwich.provenance.RunRecord;
import io.sandwich.report.Charts;
import io.sandwich.report.EpochLog;
import io.sandwich.report.Table1;
import io.sandwich.report.TableRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Trains every Table 1 row of the models for seeds 1..K under one protocol and assembles the table: the
 * majority-class row (the most frequent L2 category of the L2 stage's training rows, scored on the test rows), the
 * models' rows, and the row with the best mean validation accuracy trained again with soft cross-entropy. Also
 * draws the report's Figure 1 (masked vs MSE convergence) and Figure 7 (the bi-directional model's train and
 * validation loss) from seed 1. Every finished run is stored in {@code out/runs/}; with {@code resume} one stored
 * there with the same record is not trained again.
 */
final class Reproduction {
    private final Backend backend;
    private final Listener listener;
    private final Path out;
    private final FinishedRuns finished;

    Reproduction(Backend backend, Listener listener, Path out, boolean resume) {
        this.backend = backend;
        this.listener = listener;
        this.out = out;
        this.finished = new FinishedRuns(out, resume);
    }

    /** A row to train: the model and its row. */
    record Row(Recipe model, Table1Row row) {
        /** The row of this model trained with soft cross-entropy (beyond the report). */
        Row softCrossEntropy() {
            String label = row.label().substring(0, row.label().indexOf(" + "));
            return new Row(model, new Table1Row(model.name() + "-soft-ce", label + " + soft-ce (best model, beyond"
                    + " the report)", Loss.SOFT_CE, Double.NaN));
        }
    }

    /** The runs of one row. */
    private record RowRuns(Row row, List<RunResult> runs) {
        double meanValidation() {
            return runs.stream().mapToDouble(RunResult::bestValidationAccuracy).average().orElse(Double.NaN);
        }

        TableRow toRow(String loss) {
            double[] acc = runs.stream().mapToDouble(r -> r.test().accuracy()).toArray();
            double[] topK = runs.stream().mapToDouble(r -> r.test().topK()).toArray();
            return new TableRow(row.row().label(), row.model().name(), loss, row.row().reported(), Summary.of(acc),
                    Summary.of(topK), acc, runs.stream().mapToInt(RunResult::epochsTrained).average()
                            .orElse(Double.NaN));
        }
    }

    /** Runs the rows (and, when {@code softCe}, the best one again with soft-ce) and returns the table. */
    Table1 run(Data.Loaded loaded, Protocol protocol, List<Row> rows, boolean softCe, int seeds, Settings base) {
        Dataset data = loaded.dataset();
        Settings settings = base.toBuilder().set(Hyperparameters.PROTOCOL, protocol).build();
        StageData l2 = DataPlan.l2(data, io.sandwich.model.Protocol.valueOf(protocol.name()));
        CsrMatrix test = l2.test().y();
        MajorityClass majority = MajorityClass.fit(l2.train().y());
        int topK = settings.get(Hyperparameters.TOP_K);
        List<TableRow> table = new ArrayList<>();
        double maj = majority.accuracy(test);
        table.add(new TableRow("majority-class predictor", "majority", "", Double.NaN, Summary.of(maj),
                Summary.of(majority.topK(test, topK)), new double[] {maj}, Double.NaN));
        LinkedHashSet<String> notes = new LinkedHashSet<>();
        notes.add(String.format(Locale.ROOT, "majority class: L2 category %d (%d of %d training rows)",
                majority.category(), majority.count(), l2.train().rows()));
        RunRecord record = RunRecord.of(Runs.record(rows.get(0).model(), settings), loaded.digest(), Map.of(),
                backend.info());
        EpochLog log = new EpochLog(out.resolve("epochs-" + protocol + ".jsonl"));
        StageRunner runner = new StageRunner(backend, ListenerProgress.of(listener), log);
        List<RowRuns> done = new ArrayList<>();
        for (Row row : rows) {
            done.add(runRow(runner, log, row, data, record, settings, seeds, notes));
        }
        if (softCe) {
            RowRuns best = done.stream().max((a, b) -> Double.compare(a.meanValidation(), b.meanValidation()))
                    .orElseThrow();
            notes.add(String.format(Locale.ROOT, "soft-ce row: %s had the best mean validation accuracy (%.3f)",
                    best.row().row().label(), best.meanValidation()));
            done.add(runRow(runner, log, best.row().softCrossEntropy(), data, record, settings, seeds, notes));
        }
        done.forEach(r -> table.add(r.toRow(r.row().row().loss().toString())));
        figures(protocol, done);
        return new Table1(protocol.toString(), data.source().toString(), settings.get(Hyperparameters.EPOCHS),
                settings.get(Hyperparameters.PATIENCE), seeds, topK, table, List.copyOf(notes));
    }

    private RowRuns runRow(StageRunner runner, EpochLog log, Row row, Dataset data, RunRecord base,
            Settings settings, int seeds, LinkedHashSet<String> notes) {
        Protocol protocol = settings.get(Hyperparameters.PROTOCOL);
        int topK = settings.get(Hyperparameters.TOP_K);
        List<RunResult> runs = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            log.setContext(Map.of("protocol", protocol.toString(), "row", row.row().id(), "seed",
                    Integer.toString(s)));
            long t0 = System.nanoTime();
            Settings run = settings.toBuilder().set(Hyperparameters.LOSS, row.row().loss())
                    .set(Hyperparameters.SEED, (long) s).build();
            FinishedRuns.Key key = new FinishedRuns.Key(protocol + "-" + row.row().id() + "-seed" + s,
                    base.withSettings(Runs.record(row.model(), run)));
            RunResult r = finished.find(key);
            boolean reused = r != null;
            if (r == null) {
                r = runner.run(row.model(), run, data, StageRunner.UserWeights.NONE, null);
                finished.save(key, r);
            } else {
                log.acceptAll(r.history());
            }
            runs.add(r);
            // the table's epochs column sums up where early stopping ended each run
            List<String> stops = r.stoppedEarly().stream().map(RunResult.EarlyStop::sentence).toList();
            r.notes().stream().filter(n -> !stops.contains(n)).forEach(notes::add);
            String l1 = r.testL1().map(e -> String.format(Locale.ROOT, ", L1 accuracy %.4f", e.accuracy()))
                    .orElse("");
            String line = String.format(Locale.ROOT, "[%s] %-40s seed %d/%d: test accuracy %.4f, top-%d %.4f%s"
                    + " (%.1f s)%s", protocol, row.row().label(), s, seeds, r.test().accuracy(), topK,
                    r.test().topK(), l1, (System.nanoTime() - t0) / 1e9, reused ? " "
                            + FinishedRuns.reusedNote(key) : "");
            listener.onEvent(new Event.RunFinished(row.row().label(), s, Evaluation.of(r.test()),
                    r.testL1().map(Evaluation::of), reused, line));
            if (s == 1) {
                Charts.learningCurves(r.history(), out.resolve("curves"), protocol + "-" + row.row().id(),
                        row.row().label() + " (" + protocol + ", seed 1)");
            }
        }
        return new RowRuns(row, runs);
    }

    /** Figure 1 from the two baseline rows, Figure 7 from the bi-directional row, when they were run. */
    private void figures(Protocol protocol, List<RowRuns> done) {
        Map<String, RowRuns> byId = new HashMap<>();
        done.forEach(r -> byId.put(r.row().row().id(), r));
        RowRuns mse = byId.get("baseline-mse");
        RowRuns masked = byId.get("baseline-masked");
        if (mse != null && masked != null) {
            List<Charts.Series> s = new ArrayList<>();
            for (RowRuns rr : List.of(mse, masked)) {
                RunResult r = rr.runs().get(0);
                String loss = rr.row().row().loss().toString();
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
        Optional<RunResult> bi = done.stream().filter(r -> r.row().model() == Models.BIDIRECTIONAL)
                .map(r -> r.runs().get(0)).findFirst();
        bi.ifPresent(r -> Charts.learningCurves(r.history(), out, "figure7-bidirectional-" + protocol,
                "Figure 7: bi-directional model (" + protocol + ", seed 1)"));
    }

    private static double[] relative(double[] v, double base) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] / base;
        }
        return r;
    }
}
