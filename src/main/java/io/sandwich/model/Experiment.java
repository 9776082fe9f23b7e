package io.sandwich.model;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.backend.MemoryScope;
import io.sandwich.data.Dataset;
import io.sandwich.io.torch.StateDict;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import io.sandwich.train.AlternatingGradientTrainer;
import io.sandwich.train.AlternatingGradientTrainer.DualEvaluation;
import io.sandwich.train.AlternatingGradientTrainer.Nets;
import io.sandwich.train.EpochStats;
import io.sandwich.train.Evaluation;
import io.sandwich.train.Progress;
import io.sandwich.train.Rates;
import io.sandwich.train.StageCheckpoint;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.TrainConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a model's stages in order on one backend: builds each stage's network, initialises it (seeded
 * Xavier-normal, then the previous stages' weights, then any weights the user gave), trains it with a fresh Adam,
 * and scores the final model once on the test rows.
 */
public final class Experiment {
    /** The words of the note a stage ended by early stopping leaves: {@code "app2l1 stopped early at epoch 23"}. */
    public static final String STOPPED_EARLY = " stopped early at epoch ";

    private final Backend backend;
    private final Progress progress;
    private final SupervisedTrainer trainer;
    private final Consumer<EpochStats> onEpoch;

    /** An experiment runner; {@code onEpoch} sees every epoch of every stage (for logs). */
    public Experiment(Backend backend, Progress progress, Consumer<EpochStats> onEpoch) {
        this.backend = backend;
        this.progress = progress;
        this.trainer = new SupervisedTrainer(backend, progress);
        this.onEpoch = onEpoch;
    }

    /**
     * Weights a user gives to start from, by state_dict name: {@code encoder} for the App -> L1 side (the seed's
     * {@code fc*} names, or {@code prevmodel.*} / {@code projective*} for the baseline's second stage),
     * {@code decoder} for the autoencoder's L1 -> L2 decoder (the seed's {@code l12l2.pkl}).
     *
     * @param encoder initial encoder-side weights (may be empty)
     * @param decoder initial decoder weights (may be empty)
     */
    public record Init(Map<String, float[]> encoder, Map<String, float[]> decoder) {
        /** No initial weights. */
        public static Init none() {
            return new Init(Map.of(), Map.of());
        }
    }

    /** Trains {@code kind} on {@code data}; the backend memory the run used is freed before it returns. */
    public RunResult run(ModelKind kind, Dataset data, Protocol protocol, ModelOptions o, TrainConfig cfg,
            Rates rates, Init init) {
        return run(kind, data, protocol, o, cfg, rates, init, null);
    }

    /**
     * As {@link #run(ModelKind, Dataset, Protocol, ModelOptions, TrainConfig, Rates, Init)}, saving checkpoints
     * to {@code checkpoints} (null: none) and, when they were read from a folder, continuing from them: finished
     * stages take their stored weights, the interrupted stage continues after its last saved epoch.
     */
    public RunResult run(ModelKind kind, Dataset data, Protocol protocol, ModelOptions o, TrainConfig cfg,
            Rates rates, Init init, Checkpoints checkpoints) {
        try (MemoryScope scope = backend.openScope()) {
            return runInScope(kind, data, protocol, o, cfg, rates, init, checkpoints);
        }
    }

    private RunResult runInScope(ModelKind kind, Dataset data, Protocol protocol, ModelOptions o, TrainConfig cfg,
            Rates rates, Init init, Checkpoints checkpoints) {
        Run run = new Run(cfg, checkpoints);
        int app = data.appDim();
        int l1 = data.l1Dim();
        int l2 = data.l2Dim();
        return switch (kind) {
            case APP2L1 -> single(kind, data, protocol, o, cfg, init, run, DataPlan.l1(data, protocol),
                    (layers, last) -> run.stage("app2l1", layers, last, 0, init.encoder()));
            case NO_TRANSFER -> single(kind, data, protocol, o, cfg, init, run, DataPlan.l2(data, protocol),
                    (layers, last) -> run.stage("no-transfer", layers, last, 0, init.encoder()));
            case BASELINE -> single(kind, data, protocol, o, cfg, init, run, DataPlan.l2(data, protocol),
                    (layers, last) -> {
                        Network enc = run.stage("app2l1", Architectures.seedNet(app, l1, o),
                                DataPlan.l1(data, protocol), 0, init.encoder());
                        return run.stage("baseline", layers, last, 1, init.encoder(),
                                Architectures.netToAddLayers(enc.exportWeights()));
                    });
            case AUTOENCODER -> single(kind, data, protocol, o, cfg, init, run, DataPlan.l2(data, protocol),
                    (layers, last) -> {
                        Network enc = run.stage("encoder", Architectures.seedNet(app, l1, o),
                                DataPlan.l1(data, protocol), 0, init.encoder());
                        Network dec = run.stage("decoder", Architectures.l1ToL2Decoder(l1, l2, o),
                                DataPlan.l1ToL2(data, protocol), 1, init.decoder());
                        return run.stage("autoencoder", layers, last, 2, init.encoder(),
                                Architectures.prefixed("encoder.", enc.exportWeights()),
                                Architectures.prefixed("decoder.", dec.exportWeights()));
                    });
            case BIDIRECTIONAL -> bidirectional(data, protocol, o, cfg, rates, init, run);
        };
    }

    /** Trains the stages of a model with one final network. */
    @FunctionalInterface
    private interface Stages {
        /** Trains every stage, the last one with {@code layers} on {@code last}; returns the final network. */
        Network train(List<LayerSpec> layers, StageData last);
    }

    /** A model whose stages end in one network: trains them, then scores that network on the test rows. */
    private RunResult single(ModelKind kind, Dataset data, Protocol protocol, ModelOptions o, TrainConfig cfg,
            Init init, Run run, StageData last, Stages stages) {
        Network net = stages.train(Architectures.finalStage(kind, data.appDim(), data.l1Dim(), data.l2Dim(), o),
                last);
        run.checkInitUsed(kind, init);
        run.note(last.note());
        Evaluation test = trainer.evaluate(net, last.test(), cfg.loss(), cfg.topK());
        return new RunResult(kind, protocol, cfg, test, null, run.history, SavedModels.toStateDict(net),
                List.copyOf(run.notes));
    }

    private RunResult bidirectional(Dataset data, Protocol protocol, ModelOptions o, TrainConfig cfg, Rates rates,
            Init init, Run run) {
        DualStageData rows = DataPlan.dual(data, protocol);
        Architectures.Bidirectional b = Architectures.bidirectional(data.appDim(), data.l1Dim(), data.l2Dim(), o);
        long seed = cfg.seed() * 1_000_003L;
        Nets nets = new Nets(run.network(b.encoder(), seed, encoderInit(init.encoder())),
                run.network(b.decoder(), seed + 1, init.encoder()), run.network(b.c12(), seed + 2, init.encoder()),
                run.network(b.c21(), seed + 3, init.encoder()));
        run.checkInitUsed(ModelKind.BIDIRECTIONAL, init);
        AlternatingGradientTrainer t = new AlternatingGradientTrainer(backend, progress, cfg.loss());
        String stage = "bidirectional";
        if (!run.restoreFinished(stage, nets.all())) {
            t.train(stage, nets, rows.train(), rows.validation(), cfg.withSeed(seed), rates, run::record,
                    run.checkpoint(stage, nets.all()));
            run.finished(stage, nets.all());
        }
        run.noteEarlyStop(stage + "/L2");
        run.note(rows.note());
        DualEvaluation test = t.evaluate(nets, rows.test(), cfg.topK());
        StateDict weights = new StateDict();
        for (Network n : List.of(nets.encoder(), nets.decoder(), nets.c12(), nets.c21())) {
            SavedModels.toStateDict(n).asMap().forEach(weights::put);
        }
        return new RunResult(ModelKind.BIDIRECTIONAL, protocol, cfg, test.l2(), test.l1(), run.history, weights,
                List.copyOf(run.notes));
    }

    /** The seed's {@code fc*} names mean the encoder; a saved bi-directional model's own names are kept. */
    private static Map<String, float[]> encoderInit(Map<String, float[]> user) {
        Map<String, float[]> m = new LinkedHashMap<>(Architectures.prefixed("encoder.", user));
        m.putAll(user);
        return m;
    }

    /** The state of one run: its history, notes, checkpoints and which user-given layers were used. */
    private final class Run {
        final TrainConfig cfg;
        final Checkpoints checkpoints;
        final List<EpochStats> history = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final Set<String> userLayers = new LinkedHashSet<>();

        Run(TrainConfig cfg, Checkpoints checkpoints) {
            this.cfg = cfg;
            this.checkpoints = checkpoints;
            if (checkpoints != null) {
                history.addAll(checkpoints.history());
            }
        }

        void record(EpochStats s) {
            history.add(s);
            if (checkpoints != null) {
                checkpoints.record(s);
            }
            onEpoch.accept(s);
        }

        StageCheckpoint checkpoint(String stage, List<Network> nets) {
            return checkpoints == null ? StageCheckpoint.NONE : checkpoints.stage(stage, nets);
        }

        /** Whether the checkpoint says {@code stage} finished; if so its weights are loaded into {@code nets}. */
        boolean restoreFinished(String stage, List<Network> nets) {
            StateDict done = checkpoints == null ? null : checkpoints.finished(stage);
            if (done == null) {
                return false;
            }
            Map<String, float[]> w = SavedModels.weights(done);
            for (Network n : nets) {
                n.importAllWeights(w);
            }
            return true;
        }

        void finished(String stage, List<Network> nets) {
            if (checkpoints != null) {
                StateDict all = new StateDict();
                for (Network n : nets) {
                    SavedModels.toStateDict(n).asMap().forEach(all::put);
                }
                checkpoints.stageFinished(stage, all);
            }
        }

        /** Says so when early stopping ended {@code stage} (as its epochs are named) before its last epoch. */
        void noteEarlyStop(String stage) {
            int last = history.stream().filter(s -> s.stage().equals(stage)).mapToInt(EpochStats::epoch).max()
                    .orElse(cfg.epochs());
            if (last < cfg.epochs()) {
                note(String.format(Locale.ROOT, "%s%s%d of %d: no better validation accuracy in %d epochs", stage,
                        STOPPED_EARLY, last, cfg.epochs(), cfg.patience()));
            }
        }

        void note(String sentence) {
            if (!notes.contains(sentence)) {
                notes.add(sentence);
            }
        }

        /**
         * A network initialised with seeded Xavier-normal weights, then the weights of earlier stages, then the
         * user's weights (whose matching layers are remembered).
         */
        @SafeVarargs
        final Network network(List<LayerSpec> layers, long seed, Map<String, float[]> user,
                Map<String, float[]>... earlier) {
            Network net = new Network(backend, layers);
            net.initialize(seed);
            for (Map<String, float[]> w : earlier) {
                net.importWeights(w);
            }
            userLayers.addAll(net.importWeights(user));
            return net;
        }

        @SafeVarargs
        final Network stage(String name, List<LayerSpec> layers, StageData rows, int index, Map<String, float[]> user,
                Map<String, float[]>... earlier) {
            long seed = cfg.seed() * 1_000_003L + index;
            Network net = network(layers, seed, user, earlier);
            note(rows.note());
            if (!restoreFinished(name, List.of(net))) {
                trainer.train(name, net, rows.train(), rows.validation(), cfg.withSeed(seed), this::record,
                        checkpoint(name, List.of(net)));
                finished(name, List.of(net));
            }
            noteEarlyStop(name);
            return net;
        }

        void checkInitUsed(ModelKind kind, Init init) {
            if ((!init.encoder().isEmpty() || !init.decoder().isEmpty()) && userLayers.isEmpty()) {
                throw new SandwichException("none of the initial weights " + init.encoder().keySet()
                        + init.decoder().keySet() + " names a layer of model " + kind
                        + " (expected fc1.0.*, prevmodel.0.0.*, projective.* ...)");
            }
            if (!userLayers.isEmpty()) {
                notes.add("started from the given weights for layers " + userLayers);
            }
        }
    }
}
