package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.data.Dataset;
import io.sandwich.model.DataPlan;
import io.sandwich.model.Protocol;
import io.sandwich.nn.LayerSpec;
import io.sandwich.train.AlternatingGradientTrainer;
import io.sandwich.train.DualSet;
import io.sandwich.train.EpochStats;
import io.sandwich.train.LabelledSet;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Measures training throughput after warm-up epochs, with the process's peak resident memory: the networks of the
 * model's last stage, trained on that stage's training rows (clean protocol) without validation, and on the same
 * backend the step's matrix products alone ({@link GemmLimit}): before the training, and again after each timed epoch
 * for that epoch's efficiency.
 */
final class BenchRun {
    private BenchRun() {
    }

    static BenchResult run(BenchOptions b, Listener listener) {
        if (b.epochs() < 1 || b.warmup() < 0) {
            throw new SandwichException("expected " + SandwichException.setting("epochs") + " >= 1 and "
                    + SandwichException.setting("warmup") + " >= 0, found " + b.epochs() + " and " + b.warmup());
        }
        Settings s = b.settings().toBuilder().set(Hyperparameters.EPOCHS, b.epochs() + b.warmup())
                .set(Hyperparameters.SEED, 1L).build();
        TrainConfig cfg = s.trainConfig();
        List<Double> seconds = new ArrayList<>();
        List<GemmLimit> limits = new ArrayList<>();
        ListenerProgress progress = ListenerProgress.of(listener);
        int rows;
        String device;
        try (Backend backend = b.compute().open(listener)) {
            device = backend.device().toString();
            Rows data = rows(b);
            List<Stage> stages = b.model().stages(data.widths(), s);
            Stage last = stages.get(stages.size() - 1);
            GemmLimit.Timer products = new GemmLimit.Timer(backend, last, s.get(Hyperparameters.BATCH));
            GemmLimit before = products.measure();
            Consumer<EpochStats> timed = new Consumer<>() {
                private int epochs;
                private int lastEpoch = -1;

                @Override
                public void accept(EpochStats e) { // Algorithm 1 reports each epoch twice, once per target
                    if (e.epoch() != lastEpoch && ++epochs > b.warmup()) {
                        seconds.add(e.seconds());
                        limits.add(products.again(before));
                    }
                    lastEpoch = e.epoch();
                }
            };
            if (last instanceof Stage.Supervised st) {
                LabelledSet set = data.supervised(st.task());
                rows = set.rows();
                new SupervisedTrainer(backend, progress).train("bench", net(backend, st.network()), set, null, cfg,
                        timed);
            } else {
                Stage.Alternating st = (Stage.Alternating) last;
                DualSet set = DataPlan.dual(data.all(), Protocol.CLEAN).train();
                rows = set.rows();
                AlternatingGradientTrainer.Nets nets = new AlternatingGradientTrainer.Nets(net(backend,
                        st.encoder()), net(backend, st.decoder()), net(backend, st.c12()), net(backend, st.c21()));
                new AlternatingGradientTrainer(backend, progress, cfg.loss()).train("bench", nets, set, null, cfg,
                        s.rates(), timed);
            }
        }
        return new BenchResult(b, device, rows, seconds.stream().mapToDouble(Double::doubleValue).toArray(),
                peakRssKb() / 1024.0, limits);
    }

    /**
     * The rows to train on. A model whose last stage learns App -> L1 from files needs only the training split's App
     * and L1 files ({@code tr_app.txt} and {@code tr_l1.txt}, in any format; all a GPU bundle carries); any other
     * loads the whole dataset.
     */
    private record Rows(Dataset all, LabelledSet appToL1, Widths widths) {
        LabelledSet supervised(Task task) {
            return switch (task) {
                case APP_TO_L1 -> appToL1 != null ? appToL1 : DataPlan.l1(all, Protocol.CLEAN).train();
                case APP_TO_L2 -> DataPlan.l2(all, Protocol.CLEAN).train();
                case L1_TO_L2 -> DataPlan.l1ToL2(all, Protocol.CLEAN).train();
            };
        }
    }

    private static Rows rows(BenchOptions b) {
        Dataset.Targets targets = StageRunner.targets(b.model(), b.settings());
        if (targets == Dataset.Targets.L1 && !b.data().inMemory()) {
            io.sandwich.data.Split train = b.data().trainingAppToL1();
            return new Rows(null, new LabelledSet("tr_app/tr_l1", train.app(), train.l1()),
                    new Widths(train.app().cols(), train.l1().cols(), 1));
        }
        Dataset d = b.data().load(targets).dataset();
        return new Rows(d, null, new Widths(d.appDim(), d.l1Dim(), d.l2Dim()));
    }

    private static io.sandwich.nn.Network net(Backend backend, Network spec) {
        io.sandwich.nn.Network n = new io.sandwich.nn.Network(backend, spec.layers().stream()
                .map(l -> new LayerSpec(l.name(), l.in(), l.out(), l.relu(), l.dropout())).toList());
        n.initialize(1);
        return n;
    }

    /** VmHWM of this process from /proc (0 where there is no /proc). */
    private static long peakRssKb() {
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
