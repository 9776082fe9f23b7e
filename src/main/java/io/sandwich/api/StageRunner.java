package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.MemoryScope;
import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.data.Dataset;
import io.sandwich.io.torch.StateDict;
import io.sandwich.model.DataPlan;
import io.sandwich.model.DualStageData;
import io.sandwich.model.RunResult;
import io.sandwich.model.SavedModels;
import io.sandwich.model.StageData;
import io.sandwich.nn.LayerSpec;
import io.sandwich.train.AlternatingGradientTrainer;
import io.sandwich.train.EpochStats;
import io.sandwich.train.Evaluation;
import io.sandwich.train.Progress;
import io.sandwich.train.Rates;
import io.sandwich.train.StageCheckpoint;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.TrainConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a {@link Recipe}'s stages in order on one backend: builds each stage's networks, starts them (seeded
 * Xavier-normal, then the weights of their {@link Start}s in order), trains them with a fresh Adam, and scores the
 * last stage's network once on the test rows. With checkpoints it saves them and, when they were read from a folder,
 * continues from them: finished stages take their stored weights, the interrupted stage goes on after its last
 * saved epoch.
 */
final class StageRunner {
    private final Backend backend;
    private final Progress progress;
    private final SupervisedTrainer trainer;
    private final Consumer<EpochStats> onEpoch;

    /** A runner; {@code onEpoch} sees every epoch of every stage (for logs). */
    StageRunner(Backend backend, Progress progress, Consumer<EpochStats> onEpoch) {
        this.backend = backend;
        this.progress = progress;
        this.trainer = new SupervisedTrainer(backend, progress);
        this.onEpoch = onEpoch;
    }

    /**
     * The weights a user gave to start from, by state_dict name.
     *
     * @param initFrom the {@code initFrom} file's (may be empty)
     * @param initDecoder the {@code initDecoder} file's (may be empty)
     */
    record UserWeights(Map<String, float[]> initFrom, Map<String, float[]> initDecoder) {
        /** None. */
        static final UserWeights NONE = new UserWeights(Map.of(), Map.of());

        boolean isEmpty() {
            return initFrom.isEmpty() && initDecoder.isEmpty();
        }
    }

    /** The targets {@code recipe} learns under {@code s}: L1 alone, or L1 and L2. */
    static Dataset.Targets targets(Recipe recipe, Settings s) {
        return learnsL2(recipe.stages(new Widths(1, 1, 1), s)) ? Dataset.Targets.L1_AND_L2 : Dataset.Targets.L1;
    }

    private static boolean learnsL2(List<Stage> stages) {
        return stages.stream().anyMatch(st -> !(st instanceof Stage.Supervised sup) || sup.task() != Task.APP_TO_L1);
    }

    /** Trains {@code recipe} on {@code data}; the backend memory the run used is freed before it returns. */
    RunResult run(Recipe recipe, Settings s, Dataset data, UserWeights user, Checkpoints checkpoints) {
        try (MemoryScope scope = backend.openScope()) {
            List<Stage> stages = recipe.stages(new Widths(data.appDim(), data.l1Dim(), data.l2Dim()), s);
            if (stages.isEmpty()) {
                throw new SandwichException("model " + recipe.name() + " has no stages");
            }
            if (learnsL2(stages) && !data.hasL2()) {
                throw new SandwichException("model " + recipe.name() + " learns L2, and the data has no L2 targets;"
                        + " give the validation and test splits L2 targets, or train app2l1");
            }
            return new Run(recipe, s, data, user, checkpoints).all(stages);
        }
    }

    /** One run: its history, notes, checkpoints, trained stages and which of the user's layers were used. */
    private final class Run {
        final Recipe recipe;
        final TrainConfig cfg;
        final Rates rates;
        final io.sandwich.model.Protocol protocol;
        final Dataset data;
        final UserWeights user;
        final Checkpoints checkpoints;
        final List<EpochStats> history = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<RunResult.EarlyStop> stops = new ArrayList<>();
        final Set<String> userLayers = new LinkedHashSet<>();
        final Map<String, Map<String, float[]>> trained = new HashMap<>();

        Run(Recipe recipe, Settings s, Dataset data, UserWeights user, Checkpoints checkpoints) {
            this.recipe = recipe;
            this.cfg = s.trainConfig();
            this.rates = s.rates();
            this.protocol = io.sandwich.model.Protocol.valueOf(s.get(Hyperparameters.PROTOCOL).name());
            this.data = data;
            this.user = user;
            this.checkpoints = checkpoints;
            if (checkpoints != null) {
                history.addAll(checkpoints.history());
            }
            data.notes().forEach(this::note);
        }

        RunResult all(List<Stage> stages) {
            RunResult result = null;
            for (int i = 0; i < stages.size(); i++) {
                boolean last = i == stages.size() - 1;
                long seed = cfg.seed() * 1_000_003L + i;
                Stage stage = stages.get(i);
                result = stage instanceof Stage.Supervised st ? supervised(st, seed, last)
                        : alternating((Stage.Alternating) stage, seed, last);
            }
            return result;
        }

        private RunResult supervised(Stage.Supervised st, long seed, boolean last) {
            StageData rows = switch (st.task()) {
                case APP_TO_L1 -> DataPlan.l1(data, protocol);
                case APP_TO_L2 -> DataPlan.l2(data, protocol);
                case L1_TO_L2 -> DataPlan.l1ToL2(data, protocol);
            };
            io.sandwich.nn.Network net = network(st.network(), seed);
            note(rows.note());
            if (!restoreFinished(st.name(), List.of(net))) {
                trainer.train(st.name(), net, rows.train(), rows.validation(), cfg.withSeed(seed), this::record,
                        checkpoint(st.name(), List.of(net)));
                finished(st.name(), List.of(net));
            }
            noteEarlyStop(st.name());
            trained.put(st.name(), net.exportWeights());
            if (!last) {
                return null;
            }
            checkUserWeightsUsed();
            note(rows.note());
            Evaluation test = trainer.evaluate(net, rows.test(), cfg.loss(), cfg.topK());
            return result(test, Optional.empty(), List.of(net));
        }

        private RunResult alternating(Stage.Alternating st, long seed, boolean last) {
            DualStageData rows = DataPlan.dual(data, protocol);
            AlternatingGradientTrainer.Nets nets = new AlternatingGradientTrainer.Nets(network(st.encoder(), seed),
                    network(st.decoder(), seed + 1), network(st.c12(), seed + 2), network(st.c21(), seed + 3));
            if (last) {
                checkUserWeightsUsed();
            }
            AlternatingGradientTrainer t = new AlternatingGradientTrainer(backend, progress, cfg.loss());
            if (!restoreFinished(st.name(), nets.all())) {
                t.train(st.name(), nets, rows.train(), rows.validation(), cfg.withSeed(seed), rates, this::record,
                        checkpoint(st.name(), nets.all()));
                finished(st.name(), nets.all());
            }
            noteEarlyStop(st.name() + "/L2");
            note(rows.note());
            Map<String, float[]> all = new LinkedHashMap<>();
            nets.all().forEach(n -> all.putAll(n.exportWeights()));
            trained.put(st.name(), all);
            if (!last) {
                return null;
            }
            AlternatingGradientTrainer.DualEvaluation test = t.evaluate(nets, rows.test(), cfg.topK());
            return result(test.l2(), Optional.of(test.l1()), List.of(nets.encoder(), nets.decoder(), nets.c12(),
                    nets.c21()));
        }

        private RunResult result(Evaluation test, Optional<Evaluation> testL1, List<io.sandwich.nn.Network> nets) {
            return new RunResult(test, testL1, history, SavedModels.toStateDict(nets), notes, stops,
                    Optional.empty());
        }

        /** A network started with seeded Xavier-normal weights, then the weights of each of its starts in order. */
        private io.sandwich.nn.Network network(Network spec, long seed) {
            io.sandwich.nn.Network net = new io.sandwich.nn.Network(backend, spec.layers().stream()
                    .map(l -> new LayerSpec(l.name(), l.in(), l.out(), l.relu(), l.dropout())).toList());
            net.initialize(seed);
            for (Start start : spec.starts()) {
                Map<String, float[]> from = switch (start.source()) {
                    case STAGE -> {
                        Map<String, float[]> w = trained.get(start.stage());
                        if (w == null) {
                            throw new IllegalArgumentException("model " + recipe.name() + " starts a network from"
                                    + " stage " + start.stage() + ", which has not run before it");
                        }
                        yield w;
                    }
                    case INIT_FROM -> user.initFrom();
                    case INIT_DECODER -> user.initDecoder();
                };
                Map<String, float[]> renamed = new LinkedHashMap<>();
                from.forEach((name, w) -> renamed.put(start.rename().apply(name), w));
                List<String> set = net.importWeights(renamed);
                if (start.source() != Start.Source.STAGE) {
                    userLayers.addAll(set);
                }
            }
            return net;
        }

        void record(EpochStats s) {
            history.add(s);
            if (checkpoints != null) {
                checkpoints.record(s);
            }
            onEpoch.accept(s);
        }

        StageCheckpoint checkpoint(String stage, List<io.sandwich.nn.Network> nets) {
            return checkpoints == null ? StageCheckpoint.NONE : checkpoints.stage(stage, nets);
        }

        /** Whether the checkpoint says {@code stage} finished; if so its weights are loaded into {@code nets}. */
        boolean restoreFinished(String stage, List<io.sandwich.nn.Network> nets) {
            StateDict done = checkpoints == null ? null : checkpoints.finished(stage);
            if (done == null) {
                return false;
            }
            Map<String, float[]> w = SavedModels.weights(done);
            for (io.sandwich.nn.Network n : nets) {
                n.importAllWeights(w);
            }
            return true;
        }

        void finished(String stage, List<io.sandwich.nn.Network> nets) {
            if (checkpoints != null) {
                checkpoints.stageFinished(stage, SavedModels.toStateDict(nets));
            }
        }

        /** Notes it when early stopping ended {@code stage} (as its epochs are named) before its last epoch. */
        void noteEarlyStop(String stage) {
            int last = history.stream().filter(s -> s.stage().equals(stage)).mapToInt(EpochStats::epoch).max()
                    .orElse(cfg.epochs());
            if (last < cfg.epochs()) {
                RunResult.EarlyStop stop = new RunResult.EarlyStop(stage, last, cfg.epochs(), cfg.patience());
                stops.add(stop);
                note(stop.sentence());
            }
        }

        void note(String sentence) {
            if (!notes.contains(sentence)) {
                notes.add(sentence);
            }
        }

        void checkUserWeightsUsed() {
            if (!user.isEmpty() && userLayers.isEmpty()) {
                throw new SandwichException("none of the initial weights " + user.initFrom().keySet()
                        + user.initDecoder().keySet() + " names a layer of model " + recipe.name()
                        + " (expected fc1.0.*, prevmodel.0.0.*, projective.* ...)");
            }
            if (!userLayers.isEmpty()) {
                notes.add("started from the given weights for layers " + userLayers);
            }
        }
    }
}
