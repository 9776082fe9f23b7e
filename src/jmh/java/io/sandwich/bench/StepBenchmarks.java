package io.sandwich.bench;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.AdamState;
import io.sandwich.backend.Backend;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.SparseBatch;
import io.sandwich.backend.Sums;
import io.sandwich.backend.Tensor;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.data.CsrMatrix;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The pieces of one training step of the 52-1024-1024-23 net at batch 128, on the CPU backend. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBenchmarks {
    @Param({"2"})
    int threads;

    Backend b;
    Tensor h1;
    Tensor h2;
    Tensor out;
    Tensor w2;
    Tensor w3;
    Tensor g2;
    Tensor dw2;
    Tensor w1;
    Tensor target;
    Tensor grad;
    Sums acc;
    Tensor params;
    Tensor grads;
    AdamState adam;
    SparseBatch x;
    int step;

    private Tensor random(Random r, int rows, int cols) {
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian() * 0.05f;
        }
        Tensor t = b.allocate(rows, cols);
        b.upload(a, t);
        return t;
    }

    @Setup(Level.Trial)
    public void setUp() {
        b = new CpuBackend(threads);
        Random r = new Random(1);
        h1 = random(r, 128, 1024);
        h2 = b.allocate(128, 1024);
        out = b.allocate(128, 23);
        w1 = random(r, 1024, 52);
        w2 = random(r, 1024, 1024);
        w3 = random(r, 23, 1024);
        g2 = random(r, 128, 1024);
        dw2 = b.allocate(1024, 1024);
        target = random(r, 128, 23);
        grad = b.allocate(128, 23);
        acc = b.allocateSums(1);
        int n = 52 * 1024 + 1024 + 1024 * 1024 + 1024 + 1024 * 23 + 23;
        params = random(r, 1, n);
        grads = random(r, 1, n);
        adam = b.allocateAdamState(n);
        float[] dense = new float[6000 * 52];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = r.nextFloat() < 0.22f ? r.nextFloat() : 0f;
        }
        DeviceMatrix m = b.uploadMatrix(CsrMatrix.fromDense(dense, 6000, 52));
        IndexBuffer order = b.allocateIndices(6000);
        int[] idx = new int[6000];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        b.upload(idx, order);
        x = b.allocateSparseBatch(m, 128);
        b.gatherSparse(m, order, 0, 128, x);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        b.close();
    }

    /** Forward of the 1024 x 1024 layer: h2 = h1 W2^T. */
    @Benchmark
    public void gemmForwardHidden() {
        b.gemm(false, true, 1f, h1, w2, 0f, h2);
    }

    /** Forward of the output layer: out = h2 W3^T. */
    @Benchmark
    public void gemmForwardOutput() {
        b.gemm(false, true, 1f, h1, w3, 0f, out);
    }

    /** Weight gradient of the hidden layer: dW2 = g2^T h1. */
    @Benchmark
    public void gemmWeightGradient() {
        b.gemm(true, false, 1f, g2, h1, 0f, dw2);
    }

    /** Input gradient of the hidden layer: g1 = g2 W2. */
    @Benchmark
    public void gemmInputGradient() {
        b.gemm(false, false, 1f, g2, w2, 0f, h2);
    }

    /** The sparse App input layer, forward. */
    @Benchmark
    public void sparseInputForward() {
        b.sparseTimesWeightT(x, w1, 0f, h1);
    }

    /** The sparse App input layer, weight gradient. */
    @Benchmark
    public void sparseInputWeightGradient() {
        b.gradTTimesSparse(g2, x, 0f, w1);
    }

    /** One fused Adam update over every parameter of the net (1.13 M). */
    @Benchmark
    public void adam() {
        b.adamStep(params, grads, adam, AdamConfig.of(1e-3f, 1e-5f));
    }

    /** The seed's masked loss with its gradient, 128 x 23. */
    @Benchmark
    public void maskedLossAndGradient() {
        b.lossAndGradient(LossKind.MASKED, out, target, 1f, grad, acc, 0);
    }
}
