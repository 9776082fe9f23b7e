package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model outside the report, defined in this one file through the public API alone: it trains App -> L1, then
 * carries the two hidden layers it learned into an App -> L2 network with a new output layer. It trains, saves a
 * file of its own layout that loads again, and contributes its own row to Table 1.
 */
class SixthModelTest {
    /** App -> L1, then the same hidden layers with a new head to L2. */
    static final class FeatureTransfer implements Recipe {
        @Override
        public String name() {
            return "feature-transfer";
        }

        @Override
        public List<Stage> stages(Widths w, Settings s) {
            List<Layer> l1 = Layers.seedNet(w.app(), w.l1(), s);
            List<Layer> l2 = new ArrayList<>(l1.subList(0, 2));
            l2.add(new Layer("head", l1.get(1).out(), w.l2(), false, 0f));
            return List.of(new Stage.Supervised("features", Task.APP_TO_L1, new Network(l1, List.of())),
                    new Stage.Supervised("head", Task.APP_TO_L2, new Network(l2, List.of(
                            Start.fromStage("features", UnaryOperator.identity())))));
        }

        @Override
        public SavedLayout layout() {
            return new SavedLayout() {
                @Override
                public String name() {
                    return "feature transfer";
                }

                @Override
                public String expected() {
                    return "a feature-transfer model (fc1.0.*, fc2.0.*, head.*)";
                }

                @Override
                public Optional<Saved> match(Map<String, int[]> tensors) {
                    if (!tensors.containsKey("head.weight")) {
                        return Optional.empty();
                    }
                    List<String> used = new ArrayList<>();
                    List<Layer> layers = List.of(SavedLayouts.layer(tensors, "fc1.0", true, used),
                            SavedLayouts.layer(tensors, "fc2.0", true, used),
                            SavedLayouts.layer(tensors, "head", false, used));
                    return Optional.of(new Saved(layers, List.of(), used));
                }
            };
        }

        @Override
        public List<Table1Row> table1Rows() {
            return List.of(new Table1Row("feature-transfer-masked", "feature transfer + masked", Loss.MASKED,
                    Double.NaN));
        }
    }

    @TempDir
    Path tmp;

    private static Settings small() {
        return Settings.builder().set(Hyperparameters.EPOCHS, 2).set(Hyperparameters.HIDDEN, List.of(16, 16)).build();
    }

    @Test
    void aModelDefinedHereTrainsSavesLoadsAndTakesARowInTableOne() {
        Recipe sixth = new FeatureTransfer();
        TrainResult r = Sandwich.train(TrainOptions.builder(sixth).settings(small()).compute(Compute.cpu(2))
                .build(), tmp.resolve("run"), Listener.SILENT);
        assertEquals(List.of("features", "features", "head", "head"), r.epochs().stream().map(Epoch::stage)
                .toList(), "two stages of two epochs");
        assertEquals(857, r.test().rows());
        assertTrue(r.record().contains("\"model\":\"feature-transfer\""), r.record());

        float[][] rows = Matrix.of(io.sandwich.TestData.embedded().test().app().rowRange(0, 5)).toDense();
        try (Model trained = r.model(); Model loaded = Model.load(r.modelFile(), Compute.cpu(1), sixth)) {
            assertEquals("feature transfer", loaded.layout());
            assertEquals(164, loaded.outputWidth());
            float[][] a = trained.predict(rows);
            float[][] b = loaded.predict(rows);
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(a[i], b[i], "the saved file holds the trained weights");
            }
        }

        ReproduceResult table = Sandwich.reproduce(ReproduceOptions.builder().models(List.of(sixth))
                .settings(small()).seeds(1).protocols(List.of(Protocol.CLEAN)).softCe(false)
                .compute(Compute.cpu(2)).build(), tmp.resolve("table"), Listener.SILENT);
        List<String> labels = table.tables().get(0).rows().stream().map(ReproduceResult.Row::label).toList();
        assertEquals(List.of("majority-class predictor", "feature transfer + masked"), labels);
        assertEquals(r.test().accuracy(), table.tables().get(0).rows().get(1).accuracyMean(), 0.0,
                "the same run, trained by reproduce (seed 1, masked, clean)");
    }
}
