package io.sandwich.model;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.data.Dataset;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import io.sandwich.train.EpochStats;
import io.sandwich.train.Evaluation;
import io.sandwich.train.Progress;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.TrainConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a model's stages in order on one backend: builds each stage's network, initialises it (seeded
 * Xavier-normal, then the previous stage's weights, then any weights given with {@code --init-from}), trains it
 * with a fresh Adam, and scores the final network once on the test rows.
 */
public final class Experiment {
    private final Backend backend;
    private final SupervisedTrainer trainer;
    private final Consumer<EpochStats> onEpoch;

    /** An experiment runner; {@code onEpoch} sees every epoch of every stage (for logs). */
    public Experiment(Backend backend, Progress progress, Consumer<EpochStats> onEpoch) {
        this.backend = backend;
        this.trainer = new SupervisedTrainer(backend, progress);
        this.onEpoch = onEpoch;
    }

    /** The trainer this experiment uses (for predictions and extra evaluations). */
    public SupervisedTrainer trainer() {
        return trainer;
    }

    /**
     * Trains {@code kind} on {@code data}. {@code init} (may be empty) holds weights by state_dict name; every
     * layer of a stage's network whose name is there starts from them.
     */
    public RunResult run(ModelKind kind, Dataset data, Protocol protocol, ModelOptions options, TrainConfig cfg,
            Map<String, float[]> init) {
        List<EpochStats> history = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Consumer<EpochStats> log = s -> {
            history.add(s);
            onEpoch.accept(s);
        };
        Set<String> matched = new LinkedHashSet<>();
        Network net;
        StageData last;
        switch (kind) {
            case APP2L1 -> {
                last = DataPlan.l1(data, protocol);
                net = stage("app2l1", Architectures.seedNet(data.appDim(), data.l1Dim(), options), last, cfg, 0,
                        List.of(init), log, matched);
            }
            case NO_TRANSFER -> {
                last = DataPlan.l2(data, protocol);
                net = stage("no-transfer", Architectures.seedNet(data.appDim(), data.l2Dim(), options), last, cfg,
                        0, List.of(init), log, matched);
            }
            case BASELINE -> {
                StageData l1 = DataPlan.l1(data, protocol);
                notes.add(l1.note());
                List<LayerSpec> netSpec = Architectures.seedNet(data.appDim(), data.l1Dim(), options);
                Network encoder = stage("app2l1", netSpec, l1, cfg, 0, List.of(init), log, matched);
                last = DataPlan.l2(data, protocol);
                net = stage("baseline", Architectures.addLayers(netSpec, data.l2Dim(), options), last, cfg, 1,
                        List.of(Architectures.netToAddLayers(encoder.exportWeights()), init), log, matched);
            }
            default -> throw new IllegalStateException("unhandled model " + kind);
        }
        if (!init.isEmpty() && matched.isEmpty()) {
            throw new SandwichException("none of the initial weights " + init.keySet()
                    + " names a layer of model " + kind + " (expected fc1.0.*, prevmodel.0.0.*, projective.* ...)");
        }
        if (!matched.isEmpty()) {
            notes.add("started from the given weights for layers " + matched);
        }
        notes.add(last.note());
        Evaluation test = trainer.evaluate(net, last.test(), cfg.loss(), cfg.topK());
        return new RunResult(kind, protocol, cfg, test, history, net, notes);
    }

    private Network stage(String name, List<LayerSpec> layers, StageData rows, TrainConfig cfg, int index,
            List<Map<String, float[]>> inits, Consumer<EpochStats> log, Set<String> matched) {
        Network net = new Network(backend, layers);
        long seed = cfg.seed() * 1_000_003L + index;
        net.initialize(seed);
        for (int i = 0; i < inits.size(); i++) {
            List<String> set = net.importWeights(inits.get(i));
            if (i == inits.size() - 1) {
                matched.addAll(set); // the last map is the user's --init-from weights
            }
        }
        trainer.train(name, net, rows.train(), rows.validation(), cfg.withSeed(seed), log);
        return net;
    }
}
