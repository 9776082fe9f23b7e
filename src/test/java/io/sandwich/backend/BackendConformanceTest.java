package io.sandwich.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.data.CsrMatrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operations every backend must get right, checked against plain Java loops; each backend's test extends
 * this class and supplies {@link #open()}.
 */
public abstract class BackendConformanceTest {
    protected Backend backend;
    private final Random rnd = new Random(7);

    /** Opens the backend under test (or skips the test when it cannot run here). */
    protected abstract Backend open();

    @BeforeEach
    void setUp() {
        backend = open();
    }

    @AfterEach
    void tearDown() {
        if (backend != null) { // null when open() skipped the test
            backend.close();
        }
    }

    protected float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    protected Tensor tensor(float[] values, int rows, int cols) {
        Tensor t = backend.allocate(rows, cols);
        backend.upload(values, t);
        return t;
    }

    protected double[] get(Sums s) {
        double[] host = new double[s.slots()];
        backend.read(s, host);
        return host;
    }

    protected float[] get(Tensor t) {
        float[] out = new float[t.size()];
        backend.download(t, out);
        return out;
    }

    static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1.0, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale,
                    "element " + i + ": expected " + expected[i] + ", found " + actual[i]);
        }
    }

    static float[] matmul(float[] a, int m, int k, boolean ta, float[] b, int n, boolean tb) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[p * m + i] : a[i * k + p];
                    float bv = tb ? b[j * k + p] : b[p * n + j];
                    s += (double) av * bv;
                }
                c[i * n + j] = (float) s;
            }
        }
        return c;
    }

    @Test
    void gemmHonoursEveryTransposeAndBeta() {
        int m = 5;
        int k = 7;
        int n = 3;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = random(m * k);
                float[] b = random(k * n);
                float[] c0 = random(m * n);
                Tensor ta0 = ta ? tensor(a, k, m) : tensor(a, m, k);
                Tensor tb0 = tb ? tensor(b, n, k) : tensor(b, k, n);
                Tensor c = tensor(c0, m, n);
                backend.gemm(ta, tb, 2f, ta0, tb0, 0.5f, c);
                float[] expected = matmul(a, m, k, ta, b, n, tb);
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = 2f * expected[i] + 0.5f * c0[i];
                }
                assertClose(expected, get(c), 1e-5);
            }
        }
    }

    @Test
    void scopesFreeOnlyWhatWasAllocatedInside() {
        Tensor before = tensor(new float[] {1, 2, 3}, 1, 3);
        try (MemoryScope outer = backend.openScope()) {
            Tensor inside = tensor(new float[] {4, 5, 6}, 1, 3);
            try (MemoryScope inner = backend.openScope()) {
                backend.fill(backend.allocate(100, 100), 1f);
            }
            backend.axpy(1f, inside, before);
        }
        Tensor after = tensor(new float[] {1, 1, 1}, 1, 3);
        backend.axpy(1f, after, before);
        assertArrayEquals(new float[] {6, 8, 10}, get(before));
    }

    @Test
    void gemmRejectsMismatchedShapesNamingThem() {
        Tensor a = backend.allocate(2, 3);
        Tensor b = backend.allocate(4, 5);
        BackendException e = assertThrows(BackendException.class,
                () -> backend.gemm(false, false, 1f, a, b, 0f, backend.allocate(2, 5)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void viewsWriteThroughToTheirBase() {
        Tensor base = backend.allocate(1, 10);
        Tensor v = backend.view(base, 4, 2, 3);
        backend.fill(v, 3f);
        float[] all = get(base);
        assertArrayEquals(new float[] {0, 0, 0, 0, 3, 3, 3, 3, 3, 3}, all);
        assertThrows(BackendException.class, () -> backend.view(base, 8, 1, 3));
    }

    private CsrMatrix sparse(int rows, int cols) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat() < 0.3f ? rnd.nextFloat() : 0f;
        }
        return CsrMatrix.fromDense(d, rows, cols);
    }

    @Test
    void aSparseBatchRefusesRowsWiderThanTheMatrixItWasMadeFor() {
        DeviceMatrix narrow = backend.uploadMatrix(CsrMatrix.fromDense(new float[] {1, 0, 0, 0, 2, 0}, 2, 3));
        DeviceMatrix wide = backend.uploadMatrix(CsrMatrix.fromDense(new float[] {1, 1, 1, 0, 0, 0}, 2, 3));
        IndexBuffer order = backend.allocateIndices(2);
        backend.upload(new int[] {0, 1}, order);
        SparseBatch batch = backend.allocateSparseBatch(narrow, 2);
        BackendException e = assertThrows(BackendException.class,
                () -> backend.gatherSparse(wide, order, 0, 2, batch));
        assertTrue(e.getMessage().contains("rows of up to 3 entries into a batch of 1 entries per row"),
                e.getMessage());
        SparseBatch roomy = backend.allocateSparseBatch(wide, 2);
        backend.gatherSparse(narrow, order, 0, 2, roomy); // narrower rows fit
        Tensor out = backend.allocate(2, 1);
        backend.sparseTimesWeightT(roomy, tensor(new float[] {1, 2, 3}, 1, 3), 0f, out);
        assertArrayEquals(new float[] {1, 4}, get(out));
    }

    /** {@code batch W^T} by the sparse path equals {@code dense W^T} by GEMM, W random with {@code out} rows. */
    private void assertSparseTimesWeightMatchesGemm(SparseBatch batch, Tensor dense, int out) {
        Tensor w = tensor(random(out * dense.cols()), out, dense.cols());
        Tensor viaSparse = backend.allocate(dense.rows(), out);
        Tensor viaDense = backend.allocate(dense.rows(), out);
        backend.sparseTimesWeightT(batch, w, 0f, viaSparse);
        backend.gemm(false, true, 1f, dense, w, 0f, viaDense);
        assertClose(get(viaDense), get(viaSparse), 1e-6);
    }

    @Test
    void sparseLayerMatchesDenseGemm() {
        CsrMatrix x = sparse(9, 6);
        DeviceMatrix dx = backend.uploadMatrix(x);
        IndexBuffer order = backend.allocateIndices(9);
        int[] perm = {3, 1, 8, 0, 2, 7, 6, 5, 4};
        backend.upload(perm, order);
        SparseBatch batch = backend.allocateSparseBatch(dx, 4);
        backend.gatherSparse(dx, order, 2, 4, batch);
        Tensor dense = backend.allocate(4, 6);
        backend.gatherDense(dx, order, 2, dense);
        float[] expectDense = new float[24];
        for (int i = 0; i < 4; i++) {
            x.copyRowDense(perm[2 + i], expectDense, i * 6);
        }
        assertArrayEquals(expectDense, get(dense));

        assertSparseTimesWeightMatchesGemm(batch, dense, 5);

        Tensor g = tensor(random(4 * 5), 4, 5);
        float[] start = random(5 * 6);
        Tensor dwSparse = tensor(start, 5, 6);
        Tensor dwDense = tensor(start, 5, 6);
        backend.gradTTimesSparse(g, batch, 1f, dwSparse);
        backend.gemm(true, false, 1f, g, dense, 1f, dwDense);
        assertClose(get(dwDense), get(dwSparse), 1e-6);
    }

    @Test
    void biasReluAndTheirGradients() {
        Tensor z = tensor(new float[] {1, -2, 3, -4, 5, -6}, 2, 3);
        backend.addBias(z, tensor(new float[] {1, 1, -10}, 1, 3), true);
        assertArrayEquals(new float[] {2, 0, 0, 0, 6, 0}, get(z));
        Tensor g = tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        backend.reluBackward(g, z);
        assertArrayEquals(new float[] {1, 0, 0, 0, 5, 0}, get(g));
        Tensor db = tensor(new float[] {1, 1, 1}, 1, 3);
        backend.biasGradient(tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), 1f, db);
        assertArrayEquals(new float[] {6, 8, 10}, get(db));
    }

    /** A tensor of ones. */
    private Tensor ones(int rows, int cols) {
        float[] v = new float[rows * cols];
        java.util.Arrays.fill(v, 1f);
        return tensor(v, rows, cols);
    }

    @Test
    void dropoutIsReproducibleAndScaled() {
        Tensor a = ones(10, 100);
        Tensor b = ones(10, 100);
        Tensor ma = backend.allocate(10, 100);
        Tensor mb = backend.allocate(10, 100);
        backend.dropout(a, ma, 0.25f, 42, 3);
        backend.dropout(b, mb, 0.25f, 42, 3);
        assertArrayEquals(get(a), get(b));
        int dropped = 0;
        for (float v : get(a)) {
            assertTrue(v == 0f || Math.abs(v - 1f / 0.75f) < 1e-6, "value " + v);
            dropped += v == 0f ? 1 : 0;
        }
        assertTrue(dropped > 180 && dropped < 320, "dropped " + dropped + " of 1000 at p=0.25");
        backend.dropout(b, mb, 0.25f, 42, 4);
        assertTrue(!java.util.Arrays.equals(get(ma), get(mb)), "a new counter gives a new mask");
    }

    @Test
    void countsTopOneAndTopKWithTiesToTheLowestColumn() {
        Tensor pred = tensor(new float[] {0.1f, 0.9f, 0.3f, 0.5f, 0.5f, 0.2f, 0.7f, 0.2f, 0.1f}, 3, 3);
        Tensor target = tensor(new float[] {0, 1, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
        Sums counters = backend.allocateSums(4);
        backend.countCorrect(pred, target, 2, counters, 2);
        // row 0: argmax 1 == 1; row 1: tie 0/1 -> 0, target 1 is second; row 2: target 2 is last
        assertArrayEquals(new double[] {0, 0, 1, 2}, get(counters));
    }

    @Test
    void lossesAccumulatePerSampleSums() {
        Tensor x = tensor(new float[] {1, 2, 0, 1}, 2, 2);
        Tensor y = tensor(new float[] {0, 1, 1, 1}, 2, 2);
        Sums acc = backend.allocateSums(5);
        backend.loss(LossKind.MSE, x, y, acc, 0); // mean 3/4 per element, times 2 rows
        backend.loss(LossKind.MASKED, x, y, acc, 1); // row0: 1*2, row1: 2*1
        backend.loss(LossKind.MASKED_ELEMENTWISE, x, y, acc, 2); // 0*1 + 1*1 + 1*1 + 0
        backend.loss(LossKind.L1, x, y, acc, 3); // mean 3/4, times 2
        assertArrayEquals(new double[] {1.5, 4, 2, 1.5, 0}, get(acc), 1e-15);
    }

    @Test
    void aSlotOutsideTheSumsIsRefused() {
        Tensor x = tensor(new float[] {1, 2}, 1, 2);
        Sums sums = backend.allocateSums(2);
        BackendException e = assertThrows(BackendException.class, () -> backend.countCorrect(x, x, 1, sums, 1));
        assertEquals("countCorrect: slots 1 to 2 do not fit in 2 sums", e.getMessage());
        e = assertThrows(BackendException.class, () -> backend.loss(LossKind.MSE, x, x, sums, 2));
        assertEquals("loss(mse): slot 2 does not fit in 2 sums", e.getMessage());
        assertThrows(BackendException.class, () -> backend.read(sums, new double[3]));
    }

    @Test
    void aLossOverNoRowsAddsNothing() {
        Tensor x = backend.allocate(0, 164);
        Tensor y = backend.allocate(0, 164);
        Tensor grad = backend.allocate(0, 164);
        Sums acc = backend.allocateSums(LossKind.values().length);
        for (LossKind kind : LossKind.values()) {
            backend.loss(kind, x, y, acc, kind.ordinal());
            backend.lossAndGradient(kind, x, y, 1f, grad, acc, StepIndex.fixed(kind.ordinal()));
        }
        assertArrayEquals(new double[LossKind.values().length], get(acc), "no rows, no loss");
    }

    @Test
    void adamMatchesTheReferenceFormulaOverTwoSteps() {
        for (int n : new int[] {3, 100_003}) { // the large one takes the multi-threaded path
            float[] p0 = random(n);
            float[] g0 = random(n);
            Tensor p = tensor(p0, 1, n);
            Tensor g = tensor(g0, 1, n);
            AdamState st = backend.allocateAdamState(n);
            AdamConfig cfg = new AdamConfig(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f);
            assertEquals(0, backend.read(st.steps()));
            backend.adamStep(p, g, st, cfg);
            backend.adamStep(p, g, st, cfg);
            assertEquals(2, backend.read(st.steps()), "each step counts itself");
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                double w = p0[i];
                double m = 0;
                double v = 0;
                for (int step = 1; step <= 2; step++) {
                    double gi = g0[i] + 0.1 * w;
                    m = 0.9 * m + 0.1 * gi;
                    v = 0.999 * v + 0.001 * gi * gi;
                    double bc1 = 1 - Math.pow(0.9, step);
                    double bc2 = 1 - Math.pow(0.999, step);
                    w = w - 0.01 / bc1 * m / (Math.sqrt(v) / Math.sqrt(bc2) + 1e-8);
                }
                expected[i] = (float) w;
            }
            assertClose(expected, get(p), 1e-5);
            backend.reset(st);
            assertEquals(0, backend.read(st.steps()), "a reset starts the count over");
        }
    }

    @Test
    void adamStepCountResumesFromASetValue() {
        // the bias corrections of step 6 after set(steps, 5): what a resumed run does
        int n = 4;
        float[] p0 = random(n);
        float[] g0 = random(n);
        Tensor p = tensor(p0, 1, n);
        Tensor g = tensor(g0, 1, n);
        AdamState st = backend.allocateAdamState(n);
        backend.set(st.steps(), 5);
        AdamConfig cfg = AdamConfig.of(0.01f, 0f);
        backend.adamStep(p, g, st, cfg);
        assertEquals(6, backend.read(st.steps()));
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            double m = 0.1 * g0[i];
            double v = 0.001 * g0[i] * g0[i];
            expected[i] = (float) (p0[i] - 0.01 / (1 - Math.pow(0.9, 6)) * m
                    / (Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, 6)) + 1e-8));
        }
        assertClose(expected, get(p), 1e-5);
    }

    @Test
    void countsNonFiniteValues() {
        Tensor x = tensor(new float[] {1, Float.NaN, 2, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 3e38f},
                1, 7);
        Sums counters = backend.allocateSums(2);
        backend.countNonFinite(x, counters, 1);
        backend.countNonFinite(x, counters, 1);
        backend.countNonFinite(tensor(random(300), 3, 100), counters, 0);
        assertArrayEquals(new double[] {0, 6}, get(counters));
        backend.zero(counters);
        assertArrayEquals(new double[] {0, 0}, get(counters));
    }

    @Test
    void countersSetIncrementAndRead() {
        Counter c = backend.allocateCounter();
        assertEquals(0, backend.read(c));
        backend.set(c, 41);
        backend.increment(c);
        assertEquals(42, backend.read(c));
        backend.set(c, 1L << 40);
        backend.increment(c);
        assertEquals((1L << 40) + 1, backend.read(c), "counters are 64-bit");
    }

    @Test
    void shuffleWritesTheEpochOrderPermutation() {
        for (int n : new int[] {1, 2, 3, 127, 128, 129, 6000}) {
            IndexBuffer order = backend.allocateIndices(n);
            backend.shuffle(order, 99, 3);
            int[] got = new int[n];
            downloadIndices(order, got);
            int[] expected = new int[n];
            EpochOrder.fill(expected, 99, 3);
            assertArrayEquals(expected, got, "order of " + n + " rows");
            boolean[] seen = new boolean[n];
            for (int r : got) {
                assertTrue(r >= 0 && r < n && !seen[r], "not a permutation of " + n + ": " + r);
                seen[r] = true;
            }
        }
    }

    /** An index buffer's contents, through a gather of a one-column matrix whose row i holds i + 1. */
    private void downloadIndices(IndexBuffer order, int[] out) {
        int n = out.length;
        float[] col = new float[n];
        for (int i = 0; i < n; i++) {
            col[i] = i + 1;
        }
        DeviceMatrix m = backend.uploadMatrix(CsrMatrix.fromDense(col, n, 1));
        Tensor t = backend.allocate(n, 1);
        backend.gatherDense(m, order, 0, t);
        float[] v = get(t);
        for (int i = 0; i < n; i++) {
            out[i] = (int) v[i] - 1;
        }
    }

    @Test
    void gathersAndLossSlotsReadTheirStartWhenTheyRun() {
        CsrMatrix x = sparse(10, 4);
        DeviceMatrix dx = backend.uploadMatrix(x);
        IndexBuffer order = backend.allocateIndices(10);
        backend.shuffle(order, 5, 1);
        Counter step = backend.allocateCounter();
        backend.set(step, 2);
        Tensor viaCounter = backend.allocate(3, 4);
        Tensor fixed = backend.allocate(3, 4);
        backend.gatherDense(dx, order, StepIndex.of(step, 0, 3), viaCounter); // rows 6..8 of the order
        backend.gatherDense(dx, order, 6, fixed);
        assertArrayEquals(get(fixed), get(viaCounter));
        SparseBatch sb = backend.allocateSparseBatch(dx, 3);
        backend.gatherSparse(dx, order, StepIndex.of(step, 0, 3), 3, sb);
        assertSparseTimesWeightMatchesGemm(sb, fixed, 2);

        Tensor pred = tensor(new float[] {1, 2}, 1, 2);
        Tensor target = tensor(new float[] {0, 1}, 1, 2);
        Tensor grad = backend.allocate(1, 2);
        Sums acc = backend.allocateSums(6);
        backend.lossAndGradient(LossKind.MSE, pred, target, 1f, grad, acc, StepIndex.of(step, 1, 2)); // slot 5
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, get(acc));
    }

    @Test
    void dropoutKeyedByACounterMatchesTheFixedKey() {
        Tensor a = ones(7, 43);
        Tensor b = ones(7, 43);
        Tensor ma = backend.allocate(7, 43);
        Tensor mb = backend.allocate(7, 43);
        Counter c = backend.allocateCounter();
        backend.set(c, 12);
        backend.dropout(a, ma, 0.3f, 8, c);
        backend.dropout(b, mb, 0.3f, 8, 12L);
        assertArrayEquals(get(mb), get(ma));
        assertArrayEquals(get(b), get(a));
    }

    @Test
    void aCapturedStepRunsOnlyWhenReplayedAndReadsItsCountersThen() {
        Tensor acc = backend.allocate(1, 4);
        Sums sums = backend.allocateSums(4);
        Tensor one = tensor(new float[] {1, 1, 1, 1}, 1, 4);
        Counter step = backend.allocateCounter();
        Tensor pred = tensor(new float[] {3}, 1, 1);
        Tensor target = backend.allocate(1, 1);
        Tensor grad = backend.allocate(1, 1);
        // each operation once outside the capture first, as training does: a capture replays warmed launches only
        Tensor warmAcc = backend.allocate(1, 4);
        Sums warmSums = backend.allocateSums(4);
        Counter warmStep = backend.allocateCounter();
        backend.axpy(1f, one, warmAcc);
        backend.lossAndGradient(LossKind.MSE, pred, target, 1f, grad, warmSums, StepIndex.of(warmStep, 0, 1));
        backend.increment(warmStep);
        CapturedStep s = backend.capture("test step", () -> {
            backend.axpy(1f, one, acc);
            backend.lossAndGradient(LossKind.MSE, pred, target, 1f, grad, sums, StepIndex.of(step, 0, 1));
            backend.increment(step);
        });
        assertArrayEquals(new float[4], get(acc), "capturing ran nothing");
        assertArrayEquals(new double[4], get(sums), "capturing ran nothing");
        assertEquals(0, backend.read(step));
        s.replay();
        s.replay();
        s.replay();
        // each replay adds 1 everywhere, and the loss 9 into slot 0, 1, 2 in turn
        assertArrayEquals(new float[] {3, 3, 3, 3}, get(acc));
        assertArrayEquals(new double[] {9, 9, 9, 0}, get(sums));
        assertEquals(3, backend.read(step));
        s.close();
    }

    @Test
    void aCapturedStepRefusesWhatWouldWaitOrAllocate() {
        Tensor t = backend.allocate(1, 2);
        Counter c = backend.allocateCounter();
        Sums sums = backend.allocateSums(1);
        backend.fill(t, 1f); // warmed outside the capture, as training does
        for (Runnable forbidden : List.<Runnable>of(() -> backend.allocate(1, 1), () -> get(t),
                () -> backend.read(c), () -> backend.upload(new float[2], t), backend::allocateCounter,
                () -> backend.allocateSums(1), () -> get(sums))) {
            BackendException e = assertThrows(BackendException.class, () -> backend.capture("bad step", () -> {
                backend.fill(t, 1f);
                forbidden.run();
            }));
            assertTrue(e.getMessage().contains("inside a captured step (bad step)"), e.getMessage());
        }
        backend.fill(t, 2f); // the backend works on after a failed capture
        assertArrayEquals(new float[] {2, 2}, get(t));
    }

    @Test
    void infoNamesTheDeviceADescriptionAndTheLibraries() {
        BackendInfo info = backend.info();
        assertFalse(info.device().isEmpty());
        assertEquals(backend.device().toString(), info.device());
        assertFalse(info.detail().isBlank(), "detail");
        assertFalse(info.libraries().isEmpty(), "libraries");
        info.libraries().forEach((name, version) -> assertFalse(version.isBlank(), name));
        assertSame(info, backend.info(), "asked once, then kept");
    }

    @Test
    void aHandleOfAnotherBackendIsRefusedNamingIt() {
        Tensor alien = new Tensor() {
            @Override
            public int rows() {
                return 1;
            }

            @Override
            public int cols() {
                return 2;
            }

            @Override
            public String toString() {
                return "an alien tensor";
            }
        };
        BackendException e = assertThrows(BackendException.class, () -> backend.fill(alien, 1f));
        assertTrue(e.getMessage().matches("expected a (CPU|GPU) tensor, found an alien tensor"), e.getMessage());
        Counter other = new Counter() {
        };
        e = assertThrows(BackendException.class, () -> backend.increment(other));
        assertTrue(e.getMessage().contains(" counter, found "), e.getMessage());
    }

    @Test
    void aClosedBackendRefusesWhatWouldWaitOrAllocate() {
        Tensor t = backend.allocate(1, 2);
        backend.close();
        for (Runnable refused : List.<Runnable>of(() -> backend.allocate(1, 1), () -> get(t),
                () -> backend.upload(new float[2], t), backend::allocateCounter, () -> backend.capture("late", () -> {
                }))) {
            BackendException e = assertThrows(BackendException.class, refused::run);
            assertTrue(e.getMessage().endsWith(" after the backend was closed"), e.getMessage());
        }
        backend.close(); // a second close does nothing
    }
}
