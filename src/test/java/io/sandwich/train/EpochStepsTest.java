package io.sandwich.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Training through captured steps (recorded once, replayed per batch, with a CUDA graph's semantics) gives exactly
 * the weights and statistics of running every step's code eagerly: nothing a step needs is left in host state that
 * a replay would not repeat. Batches of 64 over 203 rows leave a partial last batch, which gets its own capture.
 */
class EpochStepsTest {
    private static float[] positive(Random r, int n, double density) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() < density ? r.nextFloat() : 0f;
        }
        return a;
    }

    private static CsrMatrix matrix(Random r, int rows, int cols) {
        return CsrMatrix.fromDense(positive(r, rows * cols, 0.5), rows, cols);
    }

    private static final TrainConfig CFG = new TrainConfig(3, 64, 5, LossKind.MASKED, AdamConfig.of(1e-2f, 1e-4f), 2);

    /** Weights of every network after training, concatenated, and the epoch statistics without timings. */
    private record Outcome(List<float[]> weights, List<String> history, long replays) {
    }

    private static Outcome run(boolean graphs, Function<CpuBackend, List<EpochStats>> training,
            Function<CpuBackend, List<Network>> nets) {
        try (CpuBackend b = new CpuBackend(1, graphs)) {
            List<Network> ns = nets.apply(b);
            List<EpochStats> h = training.apply(b);
            List<float[]> w = new ArrayList<>();
            for (Network n : ns) {
                for (float[] a : n.exportWeights().values()) {
                    w.add(a);
                }
                w.add(new float[] {n.dropoutState()[1], n.parameters().steps()});
            }
            List<String> stats = new ArrayList<>();
            for (EpochStats s : h) {
                stats.add(s.stage() + " " + s.epoch() + " " + s.trainLoss() + " " + s.trainAccuracy() + " "
                        + s.valLoss() + " " + s.valAccuracy());
            }
            return new Outcome(w, stats, b.replays());
        }
    }

    private static void assertSame(Outcome eager, Outcome captured) {
        assertEquals(0, eager.replays());
        assertTrue(captured.replays() > 0, "the captured run replayed its steps");
        assertEquals(eager.history(), captured.history());
        assertEquals(eager.weights().size(), captured.weights().size());
        for (int i = 0; i < eager.weights().size(); i++) {
            assertArrayEquals(eager.weights().get(i), captured.weights().get(i), "array " + i);
        }
    }

    @Test
    void supervisedTrainingReplaysExactlyWhatItsCodeDoes() {
        Random r = new Random(3);
        LabelledSet train = new LabelledSet("t", matrix(r, 203, 7), matrix(r, 203, 5));
        LabelledSet val = new LabelledSet("v", matrix(r, 50, 7), matrix(r, 50, 5));
        List<Outcome> outcomes = new ArrayList<>();
        for (boolean graphs : new boolean[] {false, true}) {
            Network[] holder = new Network[1];
            outcomes.add(run(graphs, b -> new SupervisedTrainer(b, Progress.NONE).train("s", holder[0], train, val,
                    CFG, s -> { }), b -> {
                        holder[0] = new Network(b, List.of(new LayerSpec("a", 7, 16, true, 0.2f),
                                new LayerSpec("b", 16, 16, true, 0.1f), new LayerSpec("c", 16, 5, false, 0f)));
                        holder[0].initialize(11);
                        return List.of(holder[0]);
                    }));
        }
        assertSame(outcomes.get(0), outcomes.get(1));
        // 4 steps per epoch (3 full, 1 partial); the first of each size runs eagerly: 12 - 2 replays
        assertEquals(10, outcomes.get(1).replays());
    }

    @Test
    void algorithmOneReplaysExactlyWhatItsCodeDoes() {
        Random r = new Random(4);
        DualSet train = new DualSet("t", matrix(r, 203, 6), matrix(r, 203, 3), matrix(r, 203, 4));
        DualSet val = new DualSet("v", matrix(r, 40, 6), matrix(r, 40, 3), matrix(r, 40, 4));
        List<Outcome> outcomes = new ArrayList<>();
        for (boolean graphs : new boolean[] {false, true}) {
            AlternatingGradientTrainer.Nets[] holder = new AlternatingGradientTrainer.Nets[1];
            outcomes.add(run(graphs, b -> new AlternatingGradientTrainer(b, Progress.NONE, LossKind.MASKED).train("bi",
                    holder[0], train, val, CFG, new Rates(AdamConfig.of(1e-2f, 0f), AdamConfig.of(5e-3f, 0f)),
                    s -> { }), b -> {
                        holder[0] = new AlternatingGradientTrainer.Nets(
                                net(b, 1, new LayerSpec("e1", 6, 8, true, 0.1f), new LayerSpec("e2", 8, 3, false, 0f)),
                                net(b, 2, new LayerSpec("d1", 6, 8, true, 0.2f), new LayerSpec("d2", 8, 4, false, 0f)),
                                net(b, 3, new LayerSpec("c12a", 3, 5, true, 0f),
                                        new LayerSpec("c12b", 5, 4, false, 0f)),
                                net(b, 4, new LayerSpec("c21a", 4, 5, true, 0f),
                                        new LayerSpec("c21b", 5, 3, false, 0f)));
                        return holder[0].all();
                    }));
        }
        assertSame(outcomes.get(0), outcomes.get(1));
    }

    private static Network net(CpuBackend b, long seed, LayerSpec... layers) {
        Network n = new Network(b, List.of(layers));
        n.initialize(seed);
        return n;
    }

    @Test
    void aStepWhoseCodeKeepsHostStateIsCaughtByTheComparison() {
        // the failure this class guards against: a step that counts on the host replays a frozen value
        Random r = new Random(5);
        for (boolean graphs : new boolean[] {false, true}) {
            try (CpuBackend b = new CpuBackend(1, graphs)) {
                BatchFeeder feeder = new BatchFeeder(b, new LabelledSet("t", matrix(r, 4, 2), matrix(r, 4, 2)), 1);
                var one = b.allocate(1, 1);
                b.fill(one, 1f);
                int[] hostStep = {0};
                float[] got = new float[4];
                try (EpochSteps e = new EpochSteps(b, "host state", feeder, 1, 4, List.of(), 0, Progress.NONE)) {
                    var acc = b.allocate(1, 4);
                    for (int s = 0; s < 4; s++) {
                        e.runStep(1, rows -> () -> b.axpy(1f, one, b.view(acc, hostStep[0]++, 1, 1)));
                    }
                    b.download(acc, got);
                }
                assertArrayEquals(graphs ? new float[] {1, 3, 0, 0} : new float[] {1, 1, 1, 1}, got,
                        "graphs " + graphs);
            }
        }
    }
}
