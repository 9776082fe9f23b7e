package io.sandwich.api;

import io.sandwich.backend.Backend;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speed a training step would reach if it did nothing but its matrix products: each GEMM of the step (every
 * layer's forward product and weight gradient, and the input gradient of every layer but the first, as the trainers
 * issue them; Algorithm 1 runs its networks' products twice, the connectors' first-layer input gradient once more)
 * is timed on the backend's own BLAS, in this process (the fastest of a few rounds), and the step's limit is the sum of
 * their times. {@code bench} measures it before and after training and keeps each product's faster rate
 * ({@link #faster}), since a shared machine can run the same product at rates a third apart for seconds at a time.
 *
 * @param samplesPerSecond rows a second at the limit, for the batch measured
 * @param shapes each distinct product, with its rate
 */
public record GemmLimit(double samplesPerSecond, List<Shape> shapes) {
    /** The smallest time a product is timed for, so that one timer tick does not count. */
    private static final double MIN_SECONDS = 0.03;
    /**
     * Timed rounds per product after the one that finds the repetitions (and warms up); the fastest counts, so that a
     * pause of the JVM or of a noisy neighbour in one round does not lower the limit.
     */
    private static final int ROUNDS = 3;

    /**
     * One product {@code C[m x n] = op(A) op(B)} with inner dimension {@code k}.
     *
     * @param m rows of C
     * @param n columns of C
     * @param k inner dimension
     * @param transA whether A is transposed
     * @param transB whether B is transposed
     * @param perStep how many of it one step runs
     * @param gflops the rate measured
     */
    public record Shape(int m, int n, int k, boolean transA, boolean transB, int perStep, double gflops) {
        /** Floating-point operations of one such product. */
        public double flop() {
            return 2.0 * m * n * k;
        }
    }

    /** A product's operands, as {@link Shape} names them: the key that counts how often a step runs it. */
    private record Product(int m, int n, int k, boolean transA, boolean transB) {
    }

    /** The limit of the last stage {@code last} at batch {@code batch}, measured on {@code backend}. */
    static GemmLimit measure(Backend backend, Stage last, int batch) {
        Map<Product, Integer> counts = new LinkedHashMap<>();
        if (last instanceof Stage.Supervised st) {
            add(counts, st.network(), batch, 1, false);
        } else {
            Stage.Alternating st = (Stage.Alternating) last;
            add(counts, st.encoder(), batch, 2, false);
            add(counts, st.decoder(), batch, 2, false);
            add(counts, st.c12(), batch, 2, true);
            add(counts, st.c21(), batch, 2, true);
        }
        List<Shape> shapes = new ArrayList<>();
        for (Map.Entry<Product, Integer> e : counts.entrySet()) {
            shapes.add(time(backend, e.getKey(), e.getValue()));
        }
        return new GemmLimit(batch / seconds(shapes), List.copyOf(shapes));
    }

    /** This limit with each product at the faster of its rates here and in {@code other}, a limit of the same step. */
    GemmLimit faster(GemmLimit other) {
        if (other.shapes.size() != shapes.size()) {
            throw new IllegalArgumentException("limits of different steps");
        }
        double batch = samplesPerSecond * seconds(shapes);
        List<Shape> best = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Shape a = shapes.get(i);
            Shape b = other.shapes.get(i);
            best.add(b.gflops() > a.gflops() ? b : a);
        }
        return new GemmLimit(batch / seconds(best), List.copyOf(best));
    }

    /** Seconds a step spends in {@code shapes} at their rates. */
    private static double seconds(List<Shape> shapes) {
        double seconds = 0;
        for (Shape s : shapes) {
            seconds += s.perStep() * s.flop() / (s.gflops() * 1e9);
        }
        return seconds;
    }

    /** The products of {@code times} forward and backward passes of {@code net} on {@code batch} rows. */
    private static void add(Map<Product, Integer> counts, Network net, int batch, int times,
            boolean firstInputGrad) {
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layers().get(i);
            counts.merge(new Product(batch, l.out(), l.in(), false, true), times, Integer::sum); // forward: X W^T
            counts.merge(new Product(l.out(), l.in(), batch, true, false), times, Integer::sum); // dW = G^T X
            Product inputGrad = new Product(batch, l.in(), l.out(), false, false); // dX = G W
            if (i > 0) {
                counts.merge(inputGrad, times, Integer::sum);
            } else if (firstInputGrad) {
                counts.merge(inputGrad, 1, Integer::sum);
            }
        }
    }

    private static Shape time(Backend backend, Product p, int perStep) {
        int m = p.m();
        int n = p.n();
        int k = p.k();
        boolean transA = p.transA();
        boolean transB = p.transB();
        try (MemoryScope scope = backend.openScope()) {
            Tensor a = transA ? backend.allocate(k, m) : backend.allocate(m, k);
            Tensor b = transB ? backend.allocate(n, k) : backend.allocate(k, n);
            Tensor c = backend.allocate(m, n);
            backend.fill(a, 0.5f);
            backend.fill(b, 0.25f);
            float[] sync = new float[c.size()];
            int reps = 1;
            while (seconds(backend, p, a, b, c, sync, reps) < MIN_SECONDS) {
                reps *= 2;
            }
            double best = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                best = Math.min(best, seconds(backend, p, a, b, c, sync, reps));
            }
            return new Shape(m, n, k, transA, transB, perStep, 2.0 * m * n * k * reps / best / 1e9);
        }
    }

    /** Seconds for {@code reps} products, up to the device having finished them. */
    private static double seconds(Backend backend, Product p, Tensor a, Tensor b, Tensor c, float[] sync, int reps) {
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
            backend.gemm(p.transA(), p.transB(), 1f, a, b, 0f, c);
        }
        backend.download(c, sync); // waits for the device
        return (System.nanoTime() - t0) / 1e9;
    }
}
