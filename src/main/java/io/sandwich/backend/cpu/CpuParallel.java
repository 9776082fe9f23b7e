package io.sandwich.backend.cpu;

import io.sandwich.backend.BackendException;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over {@code n} items into one contiguous range per thread: the caller runs the first range, daemon
 * workers the others. Used for the products' tiles ({@link CpuGemm}), Adam and the elementwise passes.
 *
 * <p>A step hands out a few dozen ranges of tens to hundreds of microseconds each, and waking a parked thread costs
 * about as much on these virtual machines; so a worker that finished its range spins for {@link #SPIN_NANOS} before
 * it parks, and the caller spins for its workers to finish. Nothing is allocated per loop but the body.
 */
final class CpuParallel implements AutoCloseable {
    /** Work on items {@code [from, to)} by worker {@code worker} (0 is the calling thread). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to, int worker);
    }

    /** How long an idle worker spins for its next range before it parks: longer than the gaps inside a step. */
    static final long SPIN_NANOS = 100_000;

    private final int threads;
    private final Worker[] workers;
    private volatile boolean closed;

    CpuParallel(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Worker[this.threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)}, in parallel when {@code n >= minParallel}. */
    void forRange(int n, int minParallel, RangeBody body) {
        if (workers.length == 0 || n < minParallel) {
            body.run(0, n, 0);
            return;
        }
        int per = (n + threads - 1) / threads;
        for (Worker w : workers) {
            int from = Math.min(n, w.index * per);
            w.post(body, from, Math.min(n, from + per));
        }
        try {
            body.run(0, Math.min(n, per), 0);
        } finally {
            Throwable failed = null;
            for (Worker w : workers) {
                Throwable t = w.await();
                failed = failed == null ? t : failed;
            }
            if (failed != null) {
                throw new BackendException("a CPU worker failed: " + failed, failed);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** One daemon thread that runs the ranges posted to it, in order. */
    private final class Worker extends Thread {
        final int index;
        private RangeBody body;
        private int from;
        private int to;
        private Throwable failure;
        /** Ranges posted; written by the caller after the range's fields, so that reading it publishes them. */
        private volatile long posted;
        /** Ranges finished; written by the worker after {@link #failure}. */
        private volatile long finished;
        private volatile boolean parked;

        Worker(int index) {
            super("sandwich-cpu-" + index);
            this.index = index;
            setDaemon(true);
        }

        void post(RangeBody b, int lo, int hi) {
            body = b;
            from = lo;
            to = hi;
            posted++;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Waits for the last posted range; its failure, or null. */
        Throwable await() {
            long want = posted;
            long start = System.nanoTime();
            while (finished != want) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable t = failure;
            failure = null;
            return t;
        }

        @Override
        public void run() {
            long done = 0;
            while (!closed) {
                long idle = System.nanoTime();
                while (posted == done) {
                    if (closed) {
                        return;
                    }
                    if (System.nanoTime() - idle < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == done && !closed) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    }
                }
                try {
                    body.run(from, to, index);
                } catch (Throwable t) { // handed to the caller, which rethrows it
                    failure = t;
                }
                finished = ++done;
            }
        }
    }
}
