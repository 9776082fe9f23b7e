package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sandwich.api.Compute;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Listener;
import io.sandwich.api.Model;
import io.sandwich.api.Models;
import io.sandwich.api.Sandwich;
import io.sandwich.api.Settings;
import io.sandwich.api.TrainOptions;
import io.sandwich.api.TrainResult;
import io.sandwich.backend.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model object on the GPU: trained there and loaded there, it ranks and predicts as on the CPU. */
@Tag("gpu")
class CudaModelTest {
    @TempDir
    Path tmp;

    @Test
    void aModelTrainedOnTheGpuPredictsThereAsOnTheCpu() throws Exception {
        Optional<String> why = Backends.gpuUnavailableReason();
        assumeTrue(why.isEmpty(), () -> "no GPU: " + why.orElse(""));
        TrainResult r = Sandwich.train(TrainOptions.builder(Models.APP2L1).settings(Settings.builder()
                .set(Hyperparameters.EPOCHS, 1).set(Hyperparameters.HIDDEN, List.of(16, 16)).build())
                .compute(Compute.gpu(0))
                .build(), tmp.resolve("run"), Listener.SILENT);
        float[][] rows = Files.readAllLines(Path.of("data/embedded/test_app.txt")).stream().limit(20)
                .map(l -> {
                    String[] v = l.trim().split("\\s+");
                    float[] f = new float[v.length];
                    for (int i = 0; i < v.length; i++) {
                        f[i] = Float.parseFloat(v[i]);
                    }
                    return f;
                }).toArray(float[][]::new);
        float[][] gpu;
        int[][] gpuTop;
        try (Model m = r.model()) {
            gpu = m.predict(rows);
            gpuTop = m.topK(rows, 5);
        }
        try (Model m = Model.load(r.modelFile(), Compute.cpu(1))) {
            float[][] cpu = m.predict(rows);
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0; c < cpu[i].length; c++) {
                    assertEquals(cpu[i][c], gpu[i][c], 1e-5 * Math.max(1, Math.abs(cpu[i][c])), "row " + i);
                }
            }
            assertEquals(List.of(gpuTop[0][0], gpuTop[1][0]), List.of(m.topK(rows, 5)[0][0], m.topK(rows, 5)[1][0]));
        }
    }
}
