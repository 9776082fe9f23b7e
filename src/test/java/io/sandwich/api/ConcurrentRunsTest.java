package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs at once in one JVM, on the CPU with different thread counts (OpenBLAS's is one setting of the process),
 * end with exactly the weights each ends with alone.
 */
class ConcurrentRunsTest {
    @TempDir
    Path tmp;

    private static TrainOptions run(long seed, int threads) {
        return TrainOptions.builder(Models.BASELINE).settings(Settings.builder().set(Hyperparameters.EPOCHS, 2)
                .set(Hyperparameters.HIDDEN, List.of(32, 32)).set(Hyperparameters.SEED, seed).build())
                .compute(Compute.cpu(threads)).build();
    }

    @Test
    void twoCpuRunsAtOnceGiveTheWeightsOfEachAlone() throws Exception {
        List<StateDict> alone = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            alone.add(TorchCheckpointReader.read(Sandwich.train(run(i + 1, i + 1), tmp.resolve("alone" + i),
                    Listener.SILENT).modelFile()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(2);
            List<Future<TrainResult>> together = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int n = i;
                together.add(pool.submit(() -> {
                    start.countDown();
                    start.await();
                    return Sandwich.train(run(n + 1, n + 1), tmp.resolve("together" + n), Listener.SILENT);
                }));
            }
            for (int i = 0; i < 2; i++) {
                StateDict w = TorchCheckpointReader.read(together.get(i).get().modelFile());
                for (String name : alone.get(i).names()) {
                    assertArrayEquals(alone.get(i).get(name).data(), w.get(name).data(), "run " + i + " " + name);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
