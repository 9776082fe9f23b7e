package io.sandwich.backend.cpu;

import io.sandwich.backend.BackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a loop over {@code n} elements into one contiguous range per thread: the caller runs the first range,
 * daemon workers the others. Used for the passes OpenBLAS does not parallelise (Adam above all).
 */
final class CpuParallel implements AutoCloseable {
    /** Work on elements {@code [from, to)} by worker {@code worker} (0 is the calling thread). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to, int worker);
    }

    private final int threads;
    private final ExecutorService pool;

    CpuParallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "sandwich-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)}, in parallel when {@code n >= minParallel}. */
    void forRange(int n, int minParallel, RangeBody body) {
        if (pool == null || n < minParallel) {
            body.run(0, n, 0);
            return;
        }
        int per = (n + threads - 1) / threads;
        List<Future<?>> futures = new ArrayList<>(threads - 1);
        for (int w = 1; w < threads; w++) {
            int from = Math.min(n, w * per);
            int to = Math.min(n, from + per);
            int worker = w;
            futures.add(pool.submit(() -> body.run(from, to, worker)));
        }
        body.run(0, Math.min(n, per), 0);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for a CPU worker", e);
            } catch (ExecutionException e) {
                throw new BackendException("a CPU worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
