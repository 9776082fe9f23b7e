package io.sandwich.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.Sums;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training on a small learnable problem: the class is the argmax of a fixed linear map of the input. */
class SupervisedTrainerTest {
    private static LabelledSet problem(int rows, long seed) {
        Random rnd = new Random(seed);
        Random fixed = new Random(99);
        float[][] map = new float[4][6];
        for (float[] r : map) {
            for (int j = 0; j < r.length; j++) {
                r[j] = (float) fixed.nextGaussian();
            }
        }
        float[] x = new float[rows * 6];
        float[] y = new float[rows * 4];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 6; j++) {
                x[r * 6 + j] = rnd.nextFloat() < 0.4 ? 0f : rnd.nextFloat();
            }
            int best = 0;
            double bestV = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 4; c++) {
                double v = 0;
                for (int j = 0; j < 6; j++) {
                    v += map[c][j] * x[r * 6 + j];
                }
                if (v > bestV) {
                    bestV = v;
                    best = c;
                }
            }
            y[r * 4 + best] = 0.7f;
            y[r * 4 + (best + 1) % 4] = 0.2f;
        }
        return new LabelledSet("p" + seed, CsrMatrix.fromDense(x, rows, 6), CsrMatrix.fromDense(y, rows, 4));
    }

    private static List<LayerSpec> net() {
        return List.of(new LayerSpec("a", 6, 32, true, 0.1f), new LayerSpec("b", 32, 4, false, 0f));
    }

    private static TrainConfig cfg(int epochs, int batch) {
        return new TrainConfig(epochs, batch, 3, LossKind.MSE, AdamConfig.of(1e-2f, 0f), 2);
    }

    @Test
    void learnsAndHandlesAPartialLastBatch() {
        try (Backend b = new CpuBackend(2)) {
            Network n = new Network(b, net());
            n.initialize(1);
            List<EpochStats> seen = new ArrayList<>();
            SupervisedTrainer t = new SupervisedTrainer(b, Progress.NONE);
            LabelledSet val = problem(150, 2);
            List<EpochStats> h = t.train("s", n, problem(1000, 1), val, cfg(15, 128), seen::add);
            assertEquals(15, h.size());
            assertEquals(h, seen);
            assertTrue(h.get(14).trainLoss() < h.get(0).trainLoss() * 0.7, "loss fell: " + h);
            Evaluation e = t.evaluate(n, val, LossKind.MSE, 2);
            double best = h.stream().mapToDouble(EpochStats::valAccuracy).max().orElseThrow();
            assertEquals(best, e.accuracy(), 1e-6, "the kept weights are those of the best validation epoch");
            assertTrue(e.accuracy() > 0.6, "accuracy " + e.accuracy());
            double[] scored = scoredHere(t.predict(n, val.x()), val.y(), 2);
            assertEquals(scored[0], e.accuracy(), 1e-6, "accuracy against the predictions scored here");
            assertEquals(scored[1], e.topK(), 1e-6, "top-2 accuracy against the predictions scored here");
        }
    }

    /**
     * Category accuracy and top-{@code k} accuracy of row-major {@code predicted} against {@code target}, computed
     * here without the backend: a row is a top-k hit when fewer than k outputs are above the one at the target's
     * argmax.
     */
    private static double[] scoredHere(float[] predicted, CsrMatrix target, int k) {
        int cols = target.cols();
        float[] y = target.toDense();
        int hits = 0;
        int topHits = 0;
        for (int r = 0; r < target.rows(); r++) {
            int truth = 0;
            int best = 0;
            for (int c = 1; c < cols; c++) {
                truth = y[r * cols + c] > y[r * cols + truth] ? c : truth;
                best = predicted[r * cols + c] > predicted[r * cols + best] ? c : best;
            }
            int above = 0;
            for (int c = 0; c < cols; c++) {
                above += predicted[r * cols + c] > predicted[r * cols + truth] ? 1 : 0;
            }
            hits += best == truth ? 1 : 0;
            topHits += above < k ? 1 : 0;
        }
        return new double[] {(double) hits / target.rows(), (double) topHits / target.rows()};
    }

    @Test
    void sameSeedSameWeights() {
        float[][] w = new float[2][];
        for (int i = 0; i < 2; i++) {
            try (Backend b = new CpuBackend(2)) {
                Network n = new Network(b, net());
                n.initialize(7);
                new SupervisedTrainer(b, Progress.NONE).train("s", n, problem(300, 1), problem(50, 2), cfg(3, 64),
                        s -> { });
                Map<String, float[]> m = n.exportWeights();
                w[i] = m.get("a.weight");
            }
        }
        assertArrayEquals(w[0], w[1]);
    }

    @Test
    void divergenceIsNamed() {
        try (Backend b = new CpuBackend(1)) {
            Network n = new Network(b, net());
            n.initialize(1);
            TrainConfig huge = new TrainConfig(3, 64, 1, LossKind.MSE, AdamConfig.of(1e30f, 0f), 2);
            LabelledSet p = problem(200, 1);
            float[] x = p.x().toDense();
            x[0] = Float.MAX_VALUE; // overflows to infinity in the first layer
            LabelledSet bad = new LabelledSet("bad", CsrMatrix.fromDense(x, 200, 6), p.y());
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new SupervisedTrainer(b, Progress.NONE).train("stage-x", n, bad, null, huge, s -> { }));
            assertTrue(e.getMessage().contains("stage-x") && e.getMessage().contains("epoch 1"), e.getMessage());
        }
    }

    /** Keeps the state of one epoch in memory, as a checkpoint folder would. */
    private static final class MemoryCheckpoint implements StageCheckpoint {
        final int saveAt;
        StageState saved;
        StageState resume;

        MemoryCheckpoint(int saveAt, StageState resume) {
            this.saveAt = saveAt;
            this.resume = resume;
        }

        @Override
        public StageState resumeFrom() {
            return resume;
        }

        @Override
        public void afterEpoch(int epoch, java.util.function.Supplier<StageState> state) {
            if (epoch == saveAt) {
                saved = state.get();
            }
        }

        @Override
        public String lastGood() {
            return resume != null ? "memory (epoch " + resume.epoch() + ")" : saved == null ? null : "memory";
        }
    }

    private static Map<String, float[]> trained(Backend b, long initSeed, TrainConfig cfg, StageCheckpoint ck) {
        Network n = new Network(b, net());
        n.initialize(initSeed);
        new SupervisedTrainer(b, Progress.NONE).train("s", n, problem(300, 1), problem(50, 2), cfg, s -> { }, ck);
        return n.exportWeights();
    }

    @Test
    void aStageResumedFromAnEpochsStateEndsExactlyAsAnUninterruptedOne() {
        try (Backend b = new CpuBackend(2)) {
            Map<String, float[]> plain = trained(b, 7, cfg(4, 64), StageCheckpoint.NONE);
            MemoryCheckpoint first = new MemoryCheckpoint(2, null);
            Map<String, float[]> saving = trained(b, 7, cfg(4, 64), first);
            // resumed into a network initialised differently: everything must come from the saved state
            Map<String, float[]> resumed = trained(b, 99, cfg(4, 64), new MemoryCheckpoint(0, first.saved));
            for (String k : plain.keySet()) {
                assertArrayEquals(plain.get(k), saving.get(k), k);
                assertArrayEquals(plain.get(k), resumed.get(k), k);
            }
            assertEquals(2, first.saved.epoch());
            assertEquals(10, first.saved.nets().get(0).dropoutCounter(), "2 epochs of 5 training forward passes");
            assertEquals(10, first.saved.nets().get(0).optimizer().get(0).step());
        }
    }

    @Test
    void divergenceAfterAResumeNamesEpochStepAndTheLastGoodCheckpoint() {
        try (Backend b = new CpuBackend(2)) {
            MemoryCheckpoint first = new MemoryCheckpoint(2, null);
            trained(b, 7, cfg(2, 64), first);
            TrainConfig huge = new TrainConfig(4, 64, 3, LossKind.MSE, AdamConfig.of(1e30f, 0f), 2);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> trained(b, 7, huge, new MemoryCheckpoint(0, first.saved)));
            assertTrue(e.getMessage().matches("training diverged in stage s at epoch 3, step [1-5] of 5: the loss is"
                    + " \\S+; the last good checkpoint is memory \\(epoch 2\\); .*"), e.getMessage());
        }
    }

    @Test
    void aNonFiniteWeightIsNamed() {
        try (Backend b = new CpuBackend(1)) {
            Network n = new Network(b, net());
            n.initialize(1);
            float[] w = n.exportWeights().get("b.weight");
            w[5] = Float.NaN;
            n.importWeights(Map.of("b.weight", w, "b.bias", new float[4]));
            Sums counted = b.allocateSums(1);
            b.countNonFinite(n.parameters().flat(), counted, 0);
            double[] count = new double[1];
            b.read(counted, count);
            assertEquals(1, count[0]);
            Divergence.checkWeights(List.of(n), 0, "s", 4, 9, StageCheckpoint.NONE); // nothing counted: no scan
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> Divergence.checkWeights(List.of(n), count[0], "s", 4, 9, StageCheckpoint.NONE));
            assertTrue(e.getMessage().startsWith("training diverged in stage s at epoch 4, step 9 of 9: b.weight[5] is"
                    + " NaN after the update; no checkpoint was written"), e.getMessage());
        }
    }
}
