package io.sandwich.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.Backend;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Sums;
import io.sandwich.backend.Tensor;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.CsrMatrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Central finite differences against the analytic gradients of every loss and every layer kind. */
class GradientCheckTest {
    private static final float EPS = 2e-3f;

    private final Random rnd = new Random(11);

    private float[] positive(int n, double zeroShare) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble() < zeroShare ? 0f : 0.1f + rnd.nextFloat();
        }
        return a;
    }

    private static double lossOf(Backend b, LossKind kind, Tensor pred, Tensor target) {
        Sums acc = b.allocateSums(1);
        b.loss(kind, pred, target, acc, 0);
        double[] a = new double[1];
        b.read(acc, a);
        return kind.meanOverRows() ? a[0] / pred.rows() : a[0];
    }

    private static void assertGradient(String what, double numeric, float analytic) {
        double tol = 2e-2 * Math.abs(numeric) + 5e-4;
        assertTrue(Math.abs(numeric - analytic) <= tol,
                what + ": finite difference " + numeric + ", analytic " + analytic);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void lossGradientsMatchFiniteDifferences(LossKind kind) {
        try (Backend b = new CpuBackend(1)) {
            int rows = 4;
            int cols = 6;
            float[] x = positive(rows * cols, 0);
            float[] y = positive(rows * cols, 0.5);
            Tensor xt = b.allocate(rows, cols);
            Tensor yt = b.allocate(rows, cols);
            b.upload(x, xt);
            b.upload(y, yt);
            Tensor grad = b.allocate(rows, cols);
            b.lossAndGradient(kind, xt, yt, 1f, grad, b.allocateSums(1), 0);
            float[] g = new float[rows * cols];
            b.download(grad, g);
            for (int i = 0; i < x.length; i++) {
                float keep = x[i];
                x[i] = keep + EPS;
                b.upload(x, xt);
                double up = lossOf(b, kind, xt, yt);
                x[i] = keep - EPS;
                b.upload(x, xt);
                double down = lossOf(b, kind, xt, yt);
                x[i] = keep;
                b.upload(x, xt);
                assertGradient(kind + " d/dx[" + i + "]", (up - down) / (2 * EPS), g[i]);
            }
        }
    }

    private void checkNetwork(boolean sparse) {
        try (Backend b = new CpuBackend(1)) {
            List<LayerSpec> specs = List.of(new LayerSpec("a", 6, 8, true, 0.2f),
                    new LayerSpec("b", 8, 7, true, 0.1f), new LayerSpec("c", 7, 3, false, 0f));
            Network net = new Network(b, specs);
            net.initialize(5);
            int rows = 5;
            float[] x = positive(rows * 6, 0.4);
            Tensor xt = b.allocate(rows, 6);
            b.upload(x, xt);
            DeviceMatrix dm = b.uploadMatrix(CsrMatrix.fromDense(x, rows, 6));
            IndexBuffer order = b.allocateIndices(rows);
            b.upload(new int[] {0, 1, 2, 3, 4}, order);
            SparseBatch sb = b.allocateSparseBatch(dm, rows);
            b.gatherSparse(dm, order, 0, rows, sb);
            Tensor yt = b.allocate(rows, 3);
            b.upload(positive(rows * 3, 0.3), yt);

            net.seedDropout(99);
            Tensor out = sparse ? net.forward(sb, true) : net.forward(xt, true);
            b.lossAndGradient(LossKind.MSE, out, yt, 1f, net.last().outputGrad(), b.allocateSums(1), 0);
            net.backward(false, !sparse);
            float[] grads = new float[net.parameters().size()];
            b.download(net.parameters().flatGrads(), grads);
            float[] inGrad = new float[rows * 6];
            b.download(net.last().inputGrad(), inGrad);

            float[] p = new float[net.parameters().size()];
            b.download(net.parameters().flat(), p);
            Tensor flat = net.parameters().flat();
            for (int i = 0; i < p.length; i++) {
                float keep = p[i];
                p[i] = keep + EPS;
                b.upload(p, flat);
                net.seedDropout(99);
                double up = lossOf(b, LossKind.MSE, sparse ? net.forward(sb, true) : net.forward(xt, true), yt);
                p[i] = keep - EPS;
                b.upload(p, flat);
                net.seedDropout(99);
                double down = lossOf(b, LossKind.MSE, sparse ? net.forward(sb, true) : net.forward(xt, true), yt);
                p[i] = keep;
                b.upload(p, flat);
                assertGradient("parameter " + i, (up - down) / (2 * EPS), grads[i]);
            }
            if (!sparse) {
                for (int i = 0; i < x.length; i++) {
                    float keep = x[i];
                    x[i] = keep + EPS;
                    b.upload(x, xt);
                    net.seedDropout(99);
                    double up = lossOf(b, LossKind.MSE, net.forward(xt, true), yt);
                    x[i] = keep - EPS;
                    b.upload(x, xt);
                    net.seedDropout(99);
                    double down = lossOf(b, LossKind.MSE, net.forward(xt, true), yt);
                    x[i] = keep;
                    b.upload(x, xt);
                    assertGradient("input " + i, (up - down) / (2 * EPS), inGrad[i]);
                }
            }
        }
    }

    @Test
    void linearReluDropoutGradientsOnDenseInput() {
        checkNetwork(false);
    }

    @Test
    void linearReluDropoutGradientsOnSparseInput() {
        checkNetwork(true);
    }
}
