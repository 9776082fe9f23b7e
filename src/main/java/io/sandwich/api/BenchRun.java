package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.VectorFileReader;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Measures training throughput after warm-up epochs, with the process's peak resident memory. */
final class BenchRun {
    private BenchRun() {
    }

    static BenchResult run(BenchOptions b, Listener listener) {
        if (b.epochs() < 1 || b.warmup() < 0) {
            throw new SandwichException("expected --epochs >= 1 and --warmup >= 0, found " + b.epochs() + " and "
                    + b.warmup());
        }
        Hyperparameters h = b.hyper();
        ModelOptions o = h.modelOptions();
        TrainConfig cfg = new TrainConfig(b.epochs() + b.warmup(), h.batch(), 1, b.loss(), h.adam(), h.topK());
        List<EpochStats> history = new ArrayList<>();
        int rows;
        String device;
        try (Backend backend = b.compute().open(listener)) {
            device = backend.device().toString();
            if (b.model() == ModelKind.APP2L1) {
                // the seed's baseline net needs only tr_app.txt and tr_l1.txt (all the GPU bundle carries)
                Path dir = DataFolders.resolve(b.data());
                CsrMatrix x = VectorFileReader.read(dir.resolve("tr_app.txt"), 0);
                CsrMatrix y = VectorFileReader.read(dir.resolve("tr_l1.txt"), 0);
                LabelledSet set = new LabelledSet("tr_app/tr_l1", x, y);
                rows = set.rows();
                new SupervisedTrainer(backend, listener).train("bench", net(backend, Architectures.seedNet(x.cols(),
                        y.cols(), o)), set, null, cfg, history::add);
            } else if (b.model() == ModelKind.BIDIRECTIONAL) {
                Dataset data = Dataset.load(DataFolders.resolve(b.data()));
                DualSet set = DataPlan.dual(data, Protocol.CLEAN).train();
                rows = set.rows();
                Architectures.Bidirectional l = Architectures.bidirectional(data.appDim(), data.l1Dim(),
                        data.l2Dim(), o);
                AlternatingGradientTrainer.Nets nets = new AlternatingGradientTrainer.Nets(net(backend, l.encoder()),
                        net(backend, l.decoder()), net(backend, l.c12()), net(backend, l.c21()));
                new AlternatingGradientTrainer(backend, listener, b.loss()).train("bench", nets, set, null, cfg,
                        h.rates(), history::add);
            } else {
                Dataset data = Dataset.load(DataFolders.resolve(b.data()));
                StageData rowsOf = DataPlan.l2(data, Protocol.CLEAN);
                rows = rowsOf.train().rows();
                List<LayerSpec> layers = Architectures.finalStage(b.model(), data.appDim(), data.l1Dim(),
                        data.l2Dim(), o);
                new SupervisedTrainer(backend, listener).train("bench", net(backend, layers), rowsOf.train(), null,
                        cfg, history::add);
            }
        }
        double[] secs = history.stream().skip(b.warmup()).mapToDouble(EpochStats::seconds).sorted().toArray();
        return new BenchResult(b, device, rows, secs, peakRssKb() / 1024.0);
    }

    private static Network net(Backend backend, List<LayerSpec> layers) {
        Network n = new Network(backend, layers);
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
