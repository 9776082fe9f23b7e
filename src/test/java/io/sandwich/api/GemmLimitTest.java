package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.cpu.CpuBackend;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The products a step runs, as the trainers issue them, and the limit their measured rates give. */
class GemmLimitTest {
    private static final Settings SMALL = Settings.builder().set(Hyperparameters.HIDDEN, List.of(16, 8))
            .set(Hyperparameters.SANDWICH_HIDDEN, 8).build();

    private static Stage last(Recipe model) {
        List<Stage> stages = model.stages(new Widths(12, 5, 7), SMALL);
        return stages.get(stages.size() - 1);
    }

    @Test
    void aSupervisedStepRunsEachLayersForwardAndWeightGradientAndTheInputGradientsBelowTheFirst() {
        try (CpuBackend b = new CpuBackend(1)) {
            GemmLimit g = GemmLimit.measure(b, last(Models.APP2L1), 4);
            // layers 12 -> 16 -> 8 -> 5 at batch 4
            assertEquals(List.of("4x16x12 NT 1", "16x12x4 TN 1", "4x8x16 NT 1", "8x16x4 TN 1", "4x16x8 NN 1",
                    "4x5x8 NT 1", "5x8x4 TN 1", "4x8x5 NN 1"), g.shapes().stream().map(GemmLimitTest::text).toList());
            double seconds = g.shapes().stream().mapToDouble(s -> s.perStep() * s.flop() / (s.gflops() * 1e9)).sum();
            assertEquals(4 / seconds, g.samplesPerSecond(), 1e-9 * g.samplesPerSecond());
            assertTrue(g.shapes().stream().allMatch(s -> s.gflops() > 0), "measured rates");
        }
    }

    @Test
    void algorithmOneRunsItsNetworksTwiceAndTheConnectorsFirstInputGradientOnce() {
        try (CpuBackend b = new CpuBackend(1)) {
            Stage.Alternating st = (Stage.Alternating) last(Models.BIDIRECTIONAL);
            GemmLimit g = GemmLimit.measure(b, st, 4);
            int products = 0;
            for (Network n : List.of(st.encoder(), st.decoder(), st.c12(), st.c21())) {
                products += 2 * (3 * n.layers().size() - 1);
            }
            assertEquals(products + 2, g.shapes().stream().mapToInt(GemmLimit.Shape::perStep).sum());
        }
    }

    @Test
    void theMedianOfLimitsTakesEachProductsMedianRate() {
        GemmLimit.Shape a1 = new GemmLimit.Shape(4, 8, 2, false, true, 1, 1.0); // 128 flop
        GemmLimit.Shape b1 = new GemmLimit.Shape(4, 8, 4, false, false, 2, 2.0); // 256 flop, twice a step
        GemmLimit.Shape a2 = new GemmLimit.Shape(4, 8, 2, false, true, 1, 4.0);
        GemmLimit.Shape b2 = new GemmLimit.Shape(4, 8, 4, false, false, 2, 1.0);
        GemmLimit.Shape a3 = new GemmLimit.Shape(4, 8, 2, false, true, 1, 2.0);
        GemmLimit.Shape b3 = new GemmLimit.Shape(4, 8, 4, false, false, 2, 8.0);
        // at batch 4: 128e-9 s + 2 * 128e-9 s; 32e-9 + 2 * 256e-9; 64e-9 + 2 * 32e-9
        GemmLimit median = GemmLimit.median(List.of(new GemmLimit(4 / 384e-9, List.of(a1, b1)),
                new GemmLimit(4 / 544e-9, List.of(a2, b2)), new GemmLimit(4 / 128e-9, List.of(a3, b3))));
        assertEquals(List.of(a3, b1), median.shapes());
        assertEquals(4 / 320e-9, median.samplesPerSecond(), 1e-6 * median.samplesPerSecond());
        GemmLimit other = new GemmLimit(4 / 128e-9, List.of(a3, new GemmLimit.Shape(4, 8, 4, true, false, 2, 8.0)));
        assertThrows(IllegalArgumentException.class, () -> GemmLimit.median(List.of(median, other)));
    }

    @Test
    void aLimitMeasuredAgainTimesTheSameProductsAtTheSameBatch() {
        try (CpuBackend b = new CpuBackend(1)) {
            GemmLimit.Timer products = new GemmLimit.Timer(b, last(Models.APP2L1), 4);
            GemmLimit g = products.measure();
            GemmLimit again = products.again(g);
            assertEquals(g.shapes().stream().map(GemmLimitTest::text).toList(),
                    again.shapes().stream().map(GemmLimitTest::text).toList());
            double seconds = again.shapes().stream().mapToDouble(s -> s.perStep() * s.flop() / (s.gflops() * 1e9))
                    .sum();
            assertEquals(4 / seconds, again.samplesPerSecond(), 1e-9 * again.samplesPerSecond());
        }
    }

    @Test
    void eachTimedEpochIsComparedWithTheLimitMeasuredAfterIt() {
        BenchResult r = Sandwich.bench(new BenchOptions(Models.BIDIRECTIONAL, 3, 1, Data.embedded(), SMALL,
                Compute.cpu(1)), Optional.empty(), Listener.SILENT);
        assertEquals(3, r.epochSeconds().length, "Algorithm 1's two reports of an epoch count once");
        double[] ratios = new double[3];
        for (int i = 0; i < 3; i++) {
            ratios[i] = r.rows() / r.epochSeconds()[i] / r.epochLimits().get(i).samplesPerSecond();
        }
        java.util.Arrays.sort(ratios);
        assertEquals(ratios[1], r.efficiency(), 1e-12);
        assertTrue(r.json().contains("\"epoch_efficiency\": ["), r.json());
    }

    @Test
    void benchReportsItsEfficiencyAgainstTheLimit() {
        BenchResult r = Sandwich.bench(new BenchOptions(Models.APP2L1, 1, 0, Data.embedded(), SMALL,
                Compute.cpu(1)), Optional.empty(), Listener.SILENT);
        assertEquals(r.samplesPerSecond() / r.gemmLimit().samplesPerSecond(), r.efficiency(), 1e-12);
        assertTrue(r.efficiency() > 0, "efficiency " + r.efficiency());
        assertTrue(r.json().contains("\"efficiency\": "), r.json());
        assertTrue(r.json().contains("\"gemm_shapes\": ["), r.json());
    }

    private static String text(GemmLimit.Shape s) {
        return s.m() + "x" + s.n() + "x" + s.k() + " " + (s.transA() ? "T" : "N") + (s.transB() ? "T" : "N") + " "
                + s.perStep();
    }
}
