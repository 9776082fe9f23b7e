package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sandwich.TestNets;
import io.sandwich.TestData;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.Backends;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.Dataset;
import io.sandwich.nn.Network;
import io.sandwich.train.AlternatingGradientTrainer;
import io.sandwich.train.DualSet;
import io.sandwich.train.EpochStats;
import io.sandwich.train.LabelledSet;
import io.sandwich.train.Progress;
import io.sandwich.train.Rates;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.TrainConfig;
import io.sandwich.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole training runs on the GPU: captured steps (CUDA graphs) against eager ones, the cuSPARSE input path against
 * the dense one, Algorithm 1 against the CPU backend, and the divergence guard; skipped, with the reason, where no
 * GPU is usable. 1000 rows in batches of 128 leave a partial last batch.
 */
@Tag("gpu")
class CudaTrainingTest {
    private static final Dataset DATA = TestData.embedded();

    private static CudaBackend gpu(boolean spmm, boolean graphs) {
        Optional<String> why = Backends.gpuUnavailableReason();
        assumeTrue(why.isEmpty(), () -> "no GPU: " + why.orElse(""));
        return new CudaBackend(0, false, spmm, graphs);
    }

    private static TrainConfig cfg(int epochs, float lr) {
        return new TrainConfig(epochs, 128, 7, LossKind.MASKED, AdamConfig.of(lr, 1e-5f), 5);
    }

    private static float[] flat(List<Network> nets) {
        List<float[]> parts = new ArrayList<>();
        for (Network n : nets) {
            parts.addAll(n.exportWeights().values());
        }
        int size = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[size];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /** The seed's net trained for two epochs on 1000 App -> L2 rows; its weights and the epoch statistics. */
    private static float[] seedNet(Backend b, List<EpochStats> history) {
        LabelledSet set = new LabelledSet("train", DATA.train().app().rowRange(0, 1000),
                DATA.train().l2().rowRange(0, 1000));
        LabelledSet val = new LabelledSet("val", DATA.validation().app(), DATA.validation().l2());
        Network net = new Network(b, TestNets.seedNet(DATA.appDim(), DATA.l2Dim()));
        net.initialize(3);
        history.addAll(new SupervisedTrainer(b, Progress.NONE).train("s", net, set, val, cfg(2, 1e-3f), s -> { }));
        return flat(List.of(net));
    }

    @Test
    void graphStepsComputeExactlyWhatEagerStepsCompute() {
        List<EpochStats> eagerHistory = new ArrayList<>();
        List<EpochStats> graphHistory = new ArrayList<>();
        float[] eager;
        float[] graphs;
        try (CudaBackend b = gpu(false, false)) {
            eager = seedNet(b, eagerHistory);
            assertEquals(0, b.graphsCaptured(), "--no-graphs captures nothing");
        }
        try (CudaBackend b = gpu(false, true)) {
            graphs = seedNet(b, graphHistory);
            assertEquals(2, b.graphsCaptured(), "a graph for the full batches and one for the last, partial one");
        }
        assertArrayEquals(eager, graphs, "the same kernels with the same arguments, launched or replayed");
        for (int i = 0; i < eagerHistory.size(); i++) {
            // losses are summed with atomics, whose order a GPU does not fix
            assertEquals(eagerHistory.get(i).trainLoss(), graphHistory.get(i).trainLoss(),
                    1e-6 * Math.abs(eagerHistory.get(i).trainLoss()));
            assertEquals(eagerHistory.get(i).valAccuracy(), graphHistory.get(i).valAccuracy());
        }
    }

    @Test
    void theSparseInputPathMatchesTheDenseOne() {
        float[] dense;
        float[] sparse;
        try (CudaBackend b = gpu(false, true)) {
            dense = seedNet(b, new ArrayList<>());
        }
        try (CudaBackend b = gpu(true, true)) {
            assertTrue(b.sparseInputPays(b.uploadMatrix(DATA.train().app().rowRange(0, 2))), "--spmm takes SpMM");
            sparse = seedNet(b, new ArrayList<>());
            // one graph for the full batches and one for the partial last batch, replayed in both epochs
            assertEquals(2, b.graphsCaptured(), "SpMM steps are captured as graphs too");
        }
        CudaBackendConformanceTest.assertRelative(dense, sparse, 1e-4, "weights after two epochs, SpMM vs GEMM");
    }

    @Test
    void capturedSpmmStepsComputeWhatEagerOnesCompute() {
        float[] eager;
        float[] graphs;
        try (CudaBackend b = gpu(true, false)) {
            eager = seedNet(b, new ArrayList<>());
            assertEquals(0, b.graphsCaptured());
        }
        try (CudaBackend b = gpu(true, true)) {
            graphs = seedNet(b, new ArrayList<>());
        }
        // cuSPARSE documents that SpMM with a transposed sparse operand may sum in a different order from run to
        // run, so this is not an equality, and Adam turns last-bit differences of near-zero gradients into larger
        // ones: the bound is the one SpMM against GEMM gets. A replay that used a stale batch is far beyond it: with
        // only the last 8 of these 1000 rows replaced by others, the weights after two epochs differ by 2.6e-2 (CPU)
        CudaBackendConformanceTest.assertRelative(eager, graphs, 1e-4, "weights after two epochs, SpMM replayed");
    }

    /** Algorithm 1 for one epoch on 1000 rows; the four networks' weights. */
    private static float[] bidirectional(Backend b) {
        int app = DATA.appDim();
        int l1 = DATA.l1Dim();
        int l2 = DATA.l2Dim();
        AlternatingGradientTrainer.Nets nets = new AlternatingGradientTrainer.Nets(
                init(b, TestNets.chain("encoder.", app, l1, 2, 256), 1),
                init(b, TestNets.chain("decoder.", app, l2, 2, 256), 2),
                init(b, TestNets.connector("c12", l1, l2, 100), 3),
                init(b, TestNets.connector("c21", l2, l1, 100), 4));
        DualSet set = new DualSet("train", DATA.train().app().rowRange(0, 1000), DATA.train().l1().rowRange(0, 1000),
                DATA.train().l2().rowRange(0, 1000));
        new AlternatingGradientTrainer(b, Progress.NONE, LossKind.MASKED).train("bi", nets, set, null, cfg(1, 1e-3f),
                new Rates(AdamConfig.of(1e-3f, 1e-5f), AdamConfig.of(5e-4f, 1e-5f)), s -> { });
        return flat(nets.all());
    }

    private static Network init(Backend b, List<io.sandwich.nn.LayerSpec> layers, long seed) {
        Network n = new Network(b, layers);
        n.initialize(seed);
        return n;
    }

    @Test
    void algorithmOneMatchesTheCpuBackend() {
        float[] cpu;
        try (Backend b = new CpuBackend(2)) {
            cpu = bidirectional(b);
        }
        try (CudaBackend b = gpu(false, true)) {
            CudaBackendConformanceTest.assertRelative(cpu, bidirectional(b), 1e-4, "Algorithm 1, one epoch");
        }
    }

    @Test
    void aDivergingRunStopsWithTheStepNamed() {
        try (CudaBackend b = gpu(false, true)) {
            LabelledSet set = new LabelledSet("train", DATA.train().app().rowRange(0, 300),
                    DATA.train().l1().rowRange(0, 300));
            Network net = new Network(b, TestNets.seedNet(DATA.appDim(), DATA.l1Dim(), 256, 0.05f, 0.1f, 0f));
            net.initialize(5);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                    new SupervisedTrainer(b, Progress.NONE).train("app2l1", net, set, null, cfg(3, 1e30f), s -> { }));
            assertTrue(e.getMessage().contains("stage app2l1 at epoch"), e.getMessage());
        }
    }

    @Test
    void aSecondGpuBackendInTheJvmIsRefusedUntilTheFirstCloses() {
        try (CudaBackend b = gpu(false, true)) {
            io.sandwich.backend.BackendException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.sandwich.backend.BackendException.class, () -> gpu(false, true));
            assertTrue(e.getMessage().startsWith("a GPU backend (gpu0) is already open in this JVM"), e.getMessage());
        }
        gpu(false, true).close();
    }
}
