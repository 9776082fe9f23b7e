package io.sandwich.api;

import io.sandwich.backend.Backend;
import io.sandwich.backend.MemoryScope;
import io.sandwich.backend.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The speed a training step would reach if it did nothing but its matrix products: each GEMM of the step (every
 * layer's forward product and weight gradient, and the input gradient of every layer but the first, as the trainers
 * issue them; Algorithm 1 runs its networks' products twice, the connectors' first-layer input gradient once more)
 * is timed on the backend's own BLAS, in this process, and the step's limit is the sum of their times. {@code bench}
 * measures it once before training (the fastest of a few rounds, which also finds each product's repetitions) and
 * again right after each timed epoch, so that each epoch is compared with the limit of the same seconds: a shared
 * machine can run the same product at rates a third apart for seconds at a time.
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
        static Product of(Shape s) {
            return new Product(s.m(), s.n(), s.k(), s.transA(), s.transB());
        }
    }

    /** The limit of the last stage {@code last} at batch {@code batch}, measured on {@code backend}. */
    static GemmLimit measure(Backend backend, Stage last, int batch) {
        try (MemoryScope scope = backend.openScope()) {
            return new Timer(backend, last, batch).measure();
        }
    }

    /** Each product at its median rate over {@code limits}, limits of the same step (of an even count, the higher). */
    static GemmLimit median(List<GemmLimit> limits) {
        GemmLimit first = limits.get(0);
        List<Shape> mid = new ArrayList<>();
        for (int i = 0; i < first.shapes.size(); i++) {
            int at = i;
            List<Shape> all = limits.stream().map(l -> l.shapes.get(at))
                    .sorted(Comparator.comparingDouble(Shape::gflops)).toList();
            if (all.stream().map(Product::of).distinct().count() != 1) {
                throw new IllegalArgumentException("limits of different steps");
            }
            mid.add(all.get(all.size() / 2));
        }
        double batch = first.samplesPerSecond * seconds(first.shapes);
        return new GemmLimit(batch / seconds(mid), List.copyOf(mid));
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

    /**
     * The products of one step on operands allocated once, to time as often as {@code bench} asks; the backend
     * frees them when it closes (or a scope around this timer does).
     */
    static final class Timer {
        private final Backend backend;
        private final int batch;
        private final List<Operands> products = new ArrayList<>();
        private final float[] sync = new float[1];

        /** A product's operands, and a corner of its output to read back once the device has finished. */
        private record Operands(Product p, int perStep, Tensor a, Tensor b, Tensor c, Tensor corner) {
        }

        Timer(Backend backend, Stage last, int batch) {
            this.backend = backend;
            this.batch = batch;
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
            for (Map.Entry<Product, Integer> e : counts.entrySet()) {
                Product p = e.getKey();
                Tensor a = p.transA() ? backend.allocate(p.k(), p.m()) : backend.allocate(p.m(), p.k());
                Tensor b = p.transB() ? backend.allocate(p.n(), p.k()) : backend.allocate(p.k(), p.n());
                Tensor c = backend.allocate(p.m(), p.n());
                backend.fill(a, 0.5f);
                backend.fill(b, 0.25f);
                products.add(new Operands(p, e.getValue(), a, b, c, backend.view(c, 0, 1, 1)));
            }
        }

        /**
         * Each product's rate: the fastest of {@link #ROUNDS} rounds of as many products as fill {@link
         * #MIN_SECONDS}, found by rounds that also warm up.
         */
        GemmLimit measure() {
            List<Shape> shapes = new ArrayList<>();
            for (Operands o : products) {
                int reps = 1;
                while (seconds(o, reps) < MIN_SECONDS) {
                    reps *= 2;
                }
                shapes.add(time(o, reps, ROUNDS));
            }
            return new GemmLimit(batch / GemmLimit.seconds(shapes), List.copyOf(shapes));
        }

        /**
         * The products timed once more, one round each of as many as fill {@link #MIN_SECONDS} at the rates of
         * {@code first}, a limit this timer measured.
         */
        GemmLimit again(GemmLimit first) {
            List<Shape> shapes = new ArrayList<>();
            for (int i = 0; i < products.size(); i++) {
                Shape s = first.shapes.get(i);
                shapes.add(time(products.get(i), (int) Math.ceil(MIN_SECONDS * s.gflops() * 1e9 / s.flop()), 1));
            }
            return new GemmLimit(batch / GemmLimit.seconds(shapes), List.copyOf(shapes));
        }

        /** {@code o}'s rate: the fastest of {@code rounds} rounds of {@code reps} products. */
        private Shape time(Operands o, int reps, int rounds) {
            double best = Double.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                best = Math.min(best, seconds(o, reps));
            }
            Product p = o.p();
            return new Shape(p.m(), p.n(), p.k(), p.transA(), p.transB(), o.perStep(), 2.0 * p.m() * p.n() * p.k()
                    * reps / best / 1e9);
        }

        /** Seconds for {@code reps} products, up to the device having finished them. */
        private double seconds(Operands o, int reps) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                backend.gemm(o.p().transA(), o.p().transB(), 1f, o.a(), o.b(), 0f, o.c());
            }
            backend.download(o.corner(), sync); // waits for the device
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
