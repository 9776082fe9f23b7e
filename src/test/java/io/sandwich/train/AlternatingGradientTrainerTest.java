package io.sandwich.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Sums;
import io.sandwich.backend.Tensor;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.nn.Batch;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import io.sandwich.train.AlternatingGradientTrainer.Nets;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Algorithm 1 on a tiny net: each phase's gradients against central finite differences of the loss term that
 * phase follows, and a whole step's updates against Adam's first step applied, phase by phase, to
 * finite-difference gradients taken at the weights each phase sees.
 */
class AlternatingGradientTrainerTest {
    private static final float EPS = 2e-3f;
    private static final LossKind LOSS = LossKind.MSE;
    private static final float A_E = 0.02f;
    private static final float A_D = 0.005f;

    private final Random rnd = new Random(3);
    private Backend b;
    private Nets nets;
    private Batch x;
    private Tensor y1;
    private Tensor y2;
    private AlternatingGradientTrainer trainer;

    private float[] positive(int n, double zeros) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble() < zeros ? 0f : 0.1f + rnd.nextFloat();
        }
        return a;
    }

    private Network net(long seed, LayerSpec... layers) {
        Network n = new Network(b, List.of(layers));
        n.initialize(seed);
        return n;
    }

    @BeforeEach
    void setUp() {
        b = new CpuBackend(1);
        nets = new Nets(net(1, new LayerSpec("e1", 5, 6, true, 0f), new LayerSpec("e2", 6, 3, false, 0f)),
                net(2, new LayerSpec("d1", 5, 6, true, 0f), new LayerSpec("d2", 6, 6, true, 0f),
                        new LayerSpec("d3", 6, 4, false, 0f)),
                net(3, new LayerSpec("c12a", 3, 5, true, 0f), new LayerSpec("c12b", 5, 4, false, 0f)),
                net(4, new LayerSpec("c21a", 4, 5, true, 0f), new LayerSpec("c21b", 5, 3, false, 0f)));
        int rows = 4;
        DeviceMatrix dm = b.uploadMatrix(CsrMatrix.fromDense(positive(rows * 5, 0.3), rows, 5));
        IndexBuffer order = b.allocateIndices(rows);
        b.upload(new int[] {0, 1, 2, 3}, order);
        SparseBatch sb = b.allocateSparseBatch(dm, rows);
        b.gatherSparse(dm, order, 0, rows, sb);
        x = new Batch.Sparse(sb);
        y1 = b.allocate(rows, 3);
        b.upload(positive(rows * 3, 0.4), y1);
        y2 = b.allocate(rows, 4);
        b.upload(positive(rows * 4, 0.4), y2);
        trainer = new AlternatingGradientTrainer(b, Progress.NONE, LOSS);
    }

    @AfterEach
    void tearDown() {
        b.close();
    }

    private double loss(Tensor pred, Tensor target) {
        Sums acc = b.allocateSums(1);
        b.loss(LOSS, pred, target, acc, 0);
        double[] a = new double[1];
        b.read(acc, a);
        return a[0] / pred.rows();
    }

    private double ownE() {
        return loss(nets.encoder().forward(x, false), y1);
    }

    private double ownD() {
        return loss(nets.decoder().forward(x, false), y2);
    }

    private double viaC12() {
        return loss(nets.c12().forward(nets.encoder().forward(x, false), false), y2);
    }

    private double viaC21() {
        return loss(nets.c21().forward(nets.decoder().forward(x, false), false), y1);
    }

    private float[] params(Network n) {
        float[] p = new float[n.parameters().size()];
        b.download(n.parameters().flat(), p);
        return p;
    }

    private float[] grads(Network n) {
        float[] g = new float[n.parameters().size()];
        b.download(n.parameters().flatGrads(), g);
        return g;
    }

    /** Central differences of {@code f} with respect to every parameter of {@code n}. */
    private double[] fd(Network n, DoubleSupplier f) {
        float[] p = params(n);
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            float keep = p[i];
            p[i] = keep + EPS;
            b.upload(p, n.parameters().flat());
            double up = f.getAsDouble();
            p[i] = keep - EPS;
            b.upload(p, n.parameters().flat());
            double down = f.getAsDouble();
            p[i] = keep;
            b.upload(p, n.parameters().flat());
            g[i] = (up - down) / (2 * EPS);
        }
        return g;
    }

    private static void assertGradients(String what, double[] numeric, float[] analytic) {
        for (int i = 0; i < numeric.length; i++) {
            double tol = 2e-2 * Math.abs(numeric[i]) + 5e-4;
            assertTrue(Math.abs(numeric[i] - analytic[i]) <= tol,
                    what + "[" + i + "]: finite difference " + numeric[i] + ", analytic " + analytic[i]);
        }
    }

    @Test
    void eachPhaseFollowsItsOwnLossTerm() {
        trainer.phase1(nets, x, y1, y2, b.allocateSums(6));
        float[] e1 = grads(nets.encoder());
        float[] d1 = grads(nets.decoder());
        assertGradients("phase 1, E by loss(E(x), y1)", fd(nets.encoder(), this::ownE), e1);
        assertGradients("phase 1, D by loss(D(x), y2)", fd(nets.decoder(), this::ownD), d1);

        trainer.phase2(nets, x, y1, y2);
        float[] c12 = grads(nets.c12());
        float[] c21 = grads(nets.c21());
        assertGradients("phase 2, C12 by loss(C12(E(x)), y2)", fd(nets.c12(), this::viaC12), c12);
        assertGradients("phase 2, C21 by loss(C21(D(x)), y1)", fd(nets.c21(), this::viaC21), c21);

        trainer.phase2(nets, x, y1, y2); // phase 3 runs on the forward pass of phase 2
        trainer.phase3(nets, y1, y2);
        float[] e3 = grads(nets.encoder());
        float[] d3 = grads(nets.decoder());
        assertGradients("phase 3, E by loss(C12(E(x)), y2)", fd(nets.encoder(), this::viaC12), e3);
        assertGradients("phase 3, D by loss(C21(D(x)), y1)", fd(nets.decoder(), this::viaC21), d3);
    }

    /** Adam's first step on gradient g at rate lr (no weight decay): lr * g / (|g| + eps). */
    private static float[] adamFirstStep(float[] w, double[] g, float lr) {
        float[] out = w.clone();
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) (w[i] - lr * g[i] / (Math.abs(g[i]) + 1e-8));
        }
        return out;
    }

    private void set(Network n, float[] p) {
        b.upload(p, n.parameters().flat());
    }

    private static void assertUpdated(String what, float[] expected, float[] actual, double[] g) {
        int checked = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(g[i]) > 2e-4) { // where the finite difference has a reliable sign
                assertTrue(Math.abs(expected[i] - actual[i]) < 1e-5,
                        what + "[" + i + "]: expected " + expected[i] + ", found " + actual[i]);
                checked++;
            }
        }
        assertTrue(checked >= 8, what + ": only " + checked + " of " + expected.length + " checked");
    }

    @Test
    void aStepUpdatesEachGroupByItsRateInPhaseOrder() {
        float[] e0 = params(nets.encoder());
        float[] d0 = params(nets.decoder());
        float[] c12x0 = params(nets.c12());
        float[] c21x0 = params(nets.c21());

        // expected, phase by phase, from finite differences at the weights each phase sees
        double[] gE1 = fd(nets.encoder(), this::ownE);
        double[] gD1 = fd(nets.decoder(), this::ownD);
        float[] e1 = adamFirstStep(e0, gE1, A_E);
        float[] d1 = adamFirstStep(d0, gD1, A_D);
        set(nets.encoder(), e1);
        set(nets.decoder(), d1);
        double[] gC12 = fd(nets.c12(), this::viaC12);
        double[] gC21 = fd(nets.c21(), this::viaC21);
        float[] c12x1 = adamFirstStep(c12x0, gC12, A_D);
        float[] c21x1 = adamFirstStep(c21x0, gC21, A_E);
        set(nets.c12(), c12x1);
        set(nets.c21(), c21x1);
        double[] gE3 = fd(nets.encoder(), this::viaC12);
        double[] gD3 = fd(nets.decoder(), this::viaC21);
        float[] e2 = adamFirstStep(e1, gE3, A_D);
        float[] d2 = adamFirstStep(d1, gD3, A_E);

        set(nets.encoder(), e0);
        set(nets.decoder(), d0);
        set(nets.c12(), c12x0);
        set(nets.c21(), c21x0);
        Rates rates = new Rates(AdamConfig.of(A_E, 0f), AdamConfig.of(A_D, 0f));
        trainer.step(nets, x, y1, y2, rates, b.allocateSums(6));

        assertUpdated("C12 (phase 2, a_d)", c12x1, params(nets.c12()), gC12);
        assertUpdated("C21 (phase 2, a_e)", c21x1, params(nets.c21()), gC21);
        // E and D moved twice; check the phase-3 move where both phases' gradients have reliable signs
        double[] both = new double[gE3.length];
        for (int i = 0; i < both.length; i++) {
            both[i] = Math.min(Math.abs(gE1[i]), Math.abs(gE3[i]));
        }
        assertUpdated("E (phase 1 by a_e, phase 3 by a_d)", e2, params(nets.encoder()), both);
        double[] bothD = new double[gD3.length];
        for (int i = 0; i < bothD.length; i++) {
            bothD[i] = Math.min(Math.abs(gD1[i]), Math.abs(gD3[i]));
        }
        assertUpdated("D (phase 1 by a_d, phase 3 by a_e)", d2, params(nets.decoder()), bothD);
    }
}
