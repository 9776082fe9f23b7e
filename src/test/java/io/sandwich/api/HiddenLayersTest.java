package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sandwich.SandwichException;
import io.sandwich.TestData;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hidden} lists the App-side nets' layer widths, one per layer: the depth follows, saved files keep the seed's
 * tensor names ({@code fc1.0} ...), and they load back to the same outputs.
 */
class HiddenLayersTest {
    @TempDir
    Path tmp;

    @Test
    void parsesOneWidthPerLayer() {
        assertEquals(List.of(1024, 1024), Hyperparameters.HIDDEN.defaultValue().orElseThrow());
        assertEquals(List.of(24, 12, 8), Hyperparameters.HIDDEN.parse("24,12,8"));
        assertEquals(List.of(24, 12, 8), Hyperparameters.HIDDEN.parse("24/12/8"), "a grid writes slashes");
        assertEquals(List.of(64), Hyperparameters.HIDDEN.parse("64"));
        assertEquals("expected a positive layer width, found 0",
                assertThrows(SandwichException.class, () -> Hyperparameters.HIDDEN.parse("16,0")).getMessage());
        assertEquals("expected a whole number, found \"\"",
                assertThrows(SandwichException.class, () -> Hyperparameters.HIDDEN.parse("16,")).getMessage());
    }

    @Test
    void threeLayersSaveUnderTheSeedsNamesAndLoadBack() {
        Settings s = Settings.builder().set(Hyperparameters.HIDDEN, List.of(24, 12, 8))
                .set(Hyperparameters.EPOCHS, 1).build();
        TrainResult r = Sandwich.train(TrainOptions.builder(Models.BASELINE).settings(s).compute(Compute.cpu(1))
                .build(), tmp.resolve("run"), Listener.SILENT);
        Map<String, List<Integer>> shapes = new TreeMap<>();
        TorchCheckpointReader.read(r.modelFile()).asMap().forEach((name, t) -> shapes.put(name,
                java.util.Arrays.stream(t.shape()).boxed().toList()));
        assertEquals(List.of(24, 52), shapes.get("prevmodel.0.0.weight"));
        assertEquals(List.of(12, 24), shapes.get("prevmodel.1.0.weight"));
        assertEquals(List.of(8, 12), shapes.get("prevmodel.2.0.weight"));
        assertEquals(List.of(23, 8), shapes.get("prevmodel.3.0.weight"));
        assertEquals(List.of(164, 100), shapes.get("projective2.weight"));
        Matrix x = Matrix.of(TestData.embedded().test().app());
        try (Model trained = r.model(); Model loaded = Model.load(r.modelFile(), Compute.cpu(1))) {
            float[][] a = trained.predict(x);
            float[][] b = loaded.predict(x);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], "row " + i);
            }
        }
    }
}
