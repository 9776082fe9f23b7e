package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sandwich.TestNets;
import io.sandwich.TestData;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendConformanceTest;
import io.sandwich.backend.BackendException;
import io.sandwich.backend.BackendInfo;
import io.sandwich.backend.CapturedStep;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Sums;
import io.sandwich.backend.Tensor;
import io.sandwich.data.CsrMatrix;
import io.sandwich.backend.Backends;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.Dataset;
import io.sandwich.nn.Network;
import io.sandwich.train.LabelledSet;
import io.sandwich.train.Progress;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.TrainConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The backend conformance suite on the GPU; skipped, with the reason, where no GPU is usable. */
@Tag("gpu")
class CudaBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend open() {
        Optional<String> why = Backends.gpuUnavailableReason();
        assumeTrue(why.isEmpty(), () -> "no GPU: " + why.orElse(""));
        return new CudaBackend(0, false, spmm(), true);
    }

    /** Whether sparse App batches go through cuSPARSE SpMM ({@code --spmm}) instead of a dense GEMM. */
    protected boolean spmm() {
        return false;
    }

    /** Trains the seed's net for one epoch (or only runs it forward) on a backend; returns the weights or outputs. */
    private static float[] run(Backend b, LossKind loss, boolean train) {
        Dataset d = TestData.embedded();
        LabelledSet set = new LabelledSet("train", d.train().app().rowRange(0, 1000), d.train().l2().rowRange(0, 1000));
        Network net = new Network(b, TestNets.seedNet(d.appDim(), d.l2Dim()));
        net.initialize(7);
        SupervisedTrainer t = new SupervisedTrainer(b, Progress.NONE);
        if (!train) {
            return t.predict(net, set.x());
        }
        t.train("epoch", net, set, null, new TrainConfig(1, 128, 7, loss, AdamConfig.of(1e-3f, 1e-5f), 5), s -> { });
        Map<String, float[]> w = net.exportWeights();
        return w.values().stream().reduce((x, y) -> {
            float[] z = java.util.Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, z, x.length, y.length);
            return z;
        }).orElseThrow();
    }

    /**
     * The GPU's values within {@code tol} of the CPU's relative to their size, {@code |gpu - cpu| / |cpu|} over the
     * whole vector, and no single value off by more than {@code 100 tol} relative to itself (or to the mean
     * magnitude, for values below it). Element by element a tight bound is not a fair test: two float32 GEMMs that
     * sum in different orders differ by about 1e-7 of their terms, and during an epoch Adam turns that into 1e-3 on
     * the odd weight whose gradient nearly cancels between steps (measured: which weight depends on the GEMM's
     * summation order, the vector as a whole moves by far less).
     */
    static void assertRelative(float[] cpu, float[] gpu, double tol, String what) {
        double mean = 0;
        double diff2 = 0;
        double norm2 = 0;
        for (int i = 0; i < cpu.length; i++) {
            mean += Math.abs(cpu[i]) / cpu.length;
            diff2 += ((double) cpu[i] - gpu[i]) * ((double) cpu[i] - gpu[i]);
            norm2 += (double) cpu[i] * cpu[i];
        }
        double worst = 0;
        int at = 0;
        for (int i = 0; i < cpu.length; i++) {
            double d = Math.abs(cpu[i] - gpu[i]) / Math.max(Math.abs(cpu[i]), mean);
            if (!(d <= worst)) { // NaN counts as worst
                worst = d;
                at = i;
            }
        }
        double relative = Math.sqrt(diff2 / norm2);
        String detail = what + ": relative difference " + relative + " (bound " + tol + "), largest single one "
                + worst + " at " + at + " (cpu " + cpu[at] + ", gpu " + gpu[at] + ", mean magnitude " + mean + ")";
        System.out.println(detail);
        assertTrue(relative <= tol && worst <= 100 * tol, detail);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void forwardAndOneEpochMatchTheCpuBackend(LossKind loss) {
        float[] cpuOut;
        float[] cpuW;
        try (Backend cpu = new CpuBackend(2)) {
            cpuOut = run(cpu, loss, false);
            cpuW = run(cpu, loss, true);
        }
        assertRelative(cpuOut, run(backend, loss, false), 1e-5, "forward");
        assertRelative(cpuW, run(backend, loss, true), 1e-4, "weights after one epoch (" + loss + ")");
    }

    /**
     * A split of a million rows scores alike on both backends: the loss and the hit counts, summed over 245 batches
     * (the last one partial), agree within 1e-9 of the CPU's figure, and the counts exactly. Each batch is summed in
     * double on both, and added once, in double; one float atomic per row, as before, drifts from 1e-7 on and loses
     * small terms past 2^24. One loss: every loss reaches its slot through the same two kernels, and the simulator
     * runs a million-block soft cross-entropy in 33 s, MSE with the counts in 12.
     */
    @Test
    void aMillionRowSplitSumsAsOnTheCpu() {
        int rows = 1_000_000;
        int batch = 4096;
        int cols = 8;
        int slots = 3;
        double[] cpuSums = new double[slots];
        double[] gpuSums = new double[slots];
        try (Backend cpu = new CpuBackend(1)) {
            Backend[] both = {cpu, backend};
            Sums[] sums = {cpu.allocateSums(slots), backend.allocateSums(slots)};
            java.util.Random r = new java.util.Random(11);
            for (int from = 0; from < rows; from += batch) {
                int n = Math.min(batch, rows - from);
                float[] pred = new float[n * cols];
                float[] target = new float[n * cols];
                for (int i = 0; i < pred.length; i++) {
                    pred[i] = (float) r.nextGaussian();
                    target[i] = r.nextFloat() < 0.3f ? r.nextFloat() : 0f;
                }
                for (int b = 0; b < 2; b++) {
                    try (MemoryScope scope = both[b].openScope()) { // waits for the batch, then frees it
                        Tensor p = both[b].allocate(n, cols);
                        Tensor t = both[b].allocate(n, cols);
                        both[b].upload(pred, p);
                        both[b].upload(target, t);
                        both[b].loss(LossKind.MSE, p, t, sums[b], 0);
                        both[b].countCorrect(p, t, 3, sums[b], 1);
                    }
                }
            }
            cpu.read(sums[0], cpuSums);
            backend.read(sums[1], gpuSums);
        }
        double relative = Math.abs(gpuSums[0] - cpuSums[0]) / cpuSums[0];
        System.out.printf("a million rows: loss sum CPU %.17g, GPU %.17g, relative difference %.3g (bound 1e-9);"
                + " hits %.0f and %.0f on both%n", cpuSums[0], gpuSums[0], relative, gpuSums[1], gpuSums[2]);
        assertTrue(relative <= 1e-9, "GPU " + gpuSums[0] + ", CPU " + cpuSums[0]);
        assertEquals(cpuSums[1], gpuSums[1], "top-1 hits");
        assertEquals(cpuSums[2], gpuSums[2], "top-3 hits");
        assertTrue(cpuSums[1] > 0 && cpuSums[2] > cpuSums[1], "hits " + cpuSums[1] + ", " + cpuSums[2]);
    }

    /**
     * The SpMM buffers grow outside a capture only: a captured step whose weight gradient needs a larger copy of G
     * than any eager step made is refused with a sentence, and the same step captured after an eager run of that size
     * replays what it computes eagerly.
     */
    @Test
    void aCapturedSpmmThatWouldGrowItsBuffersIsRefused() {
        DeviceMatrix m = backend.uploadMatrix(CsrMatrix.fromDense(new float[] {1, 0, 2, 0, 3, 0, 4, 0, 5, 6, 0, 0,
            0, 0, 7, 8, 0, 9, 1, 2, 0, 0, 0, 3}, 4, 6));
        IndexBuffer order = backend.allocateIndices(4);
        backend.upload(new int[] {2, 0, 3, 1}, order);
        SparseBatch two = backend.allocateSparseBatch(m, 2);
        SparseBatch four = backend.allocateSparseBatch(m, 4);
        backend.gatherSparse(m, order, 0, 2, two);
        backend.gatherSparse(m, order, 0, 4, four);
        Tensor g2 = tensor(random(2 * 5), 2, 5);
        Tensor g4 = tensor(random(4 * 5), 4, 5);
        Tensor dw = backend.allocate(5, 6);
        backend.gradTTimesSparse(g2, two, 0f, dw); // the copy of G now holds 2 x 5 values
        BackendException e = assertThrows(BackendException.class,
                () -> backend.capture("a bigger step", () -> backend.gradTTimesSparse(g4, four, 0f, dw)));
        assertTrue(e.getMessage().contains("growing the SpMM copy of the gradient")
                && e.getMessage().contains("inside a captured step (a bigger step)"), e.getMessage());

        backend.gradTTimesSparse(g4, four, 0f, dw);
        float[] eager = get(dw);
        backend.fill(dw, 0f);
        try (CapturedStep step = backend.capture("the same step", () -> backend.gradTTimesSparse(g4, four, 0f, dw))) {
            step.replay();
            // S^T G is cuSPARSE's SpMM with op(A) transposed, which its guide does not promise to sum in the same
            // order run to run: these sums of at most four terms may differ by a few float ulps, not more
            float[] replayed = get(dw);
            for (int i = 0; i < eager.length; i++) {
                float bound = 8 * Math.ulp(Math.max(1f, Math.abs(eager[i])));
                assertTrue(Math.abs(replayed[i] - eager[i]) <= bound, i + ": " + replayed[i] + " against " + eager[i]);
            }
        }
    }

    @Test
    void infoGivesTheGpuAndTheVersionsItsLibrariesReport() {
        BackendInfo info = backend.info();
        assertEquals("gpu0", info.device());
        assertEquals(((CudaBackend) backend).describe(), info.detail());
        assertEquals(java.util.List.of("cuda-driver", "cublas", "cusparse"), java.util.List.copyOf(
                info.libraries().keySet()));
        info.libraries().forEach((name, version) -> assertTrue(version.matches("[0-9]+"), name + " " + version));
    }

    @Test
    void aCpuTensorIsRefusedNamingIt() {
        try (Backend cpu = new CpuBackend(1)) {
            Tensor t = cpu.allocate(2, 3);
            BackendException e = assertThrows(BackendException.class, () -> backend.fill(t, 0f));
            assertEquals("expected a GPU tensor, found CpuTensor[2, 3]", e.getMessage());
        }
    }
}
