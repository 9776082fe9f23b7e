package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.BackendException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The backend's workers: every item of a loop runs exactly once, on as many threads as asked, loop after loop (also
 * after the workers parked), and a worker's failure reaches the caller as a sentence.
 */
class CpuParallelTest {
    @Test
    void everyItemRunsOnceOnEveryLoop() throws InterruptedException {
        try (CpuParallel p = new CpuParallel(3)) {
            for (int loop = 0; loop < 2000; loop++) {
                int n = loop % 50;
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, n));
                boolean[] workers = new boolean[3];
                p.forRange(n, 2, (from, to, worker) -> {
                    workers[worker] = true;
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "item " + i + " of loop " + loop);
                }
                if (n >= 3) {
                    assertTrue(workers[0] && workers[1] && workers[2], "loop " + loop);
                }
                if (loop % 500 == 0) {
                    Thread.sleep(5); // long enough for the workers to park
                }
            }
        }
    }

    @Test
    void aWorkersFailureIsTheCallers() {
        try (CpuParallel p = new CpuParallel(2)) {
            BackendException e = assertThrows(BackendException.class, () -> p.forRange(10, 2, (from, to, worker) -> {
                if (worker == 1) {
                    throw new IllegalStateException("range " + from + " to " + to);
                }
            }));
            assertEquals("a CPU worker failed: java.lang.IllegalStateException: range 5 to 10", e.getMessage());
            int[] sum = {0};
            p.forRange(10, 2, (from, to, worker) -> {
                if (worker == 0) {
                    sum[0] = to - from;
                }
            });
            assertEquals(5, sum[0], "the workers run on after a failure");
        }
    }
}
