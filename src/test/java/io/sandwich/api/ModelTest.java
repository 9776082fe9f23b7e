package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import io.sandwich.TestData;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.VectorFileReader;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.List;

/**
 * The model object: kept open, it predicts what {@code predict} writes, ranks as its own outputs order, scores as
 * {@code evaluate} does, and refuses calls after {@code close}; data held in memory trains exactly as the same
 * rows read from their folder.
 */
class ModelTest {
    @TempDir
    static Path tmp;

    static TrainResult trained;
    static Dataset embedded;

    private static TrainOptions.Builder small() {
        return TrainOptions.builder(Models.APP2L1).settings(Settings.builder().set(Hyperparameters.EPOCHS, 2)
                .set(Hyperparameters.HIDDEN, List.of(16, 16)).build()).compute(Compute.cpu(2));
    }

    @BeforeAll
    static void train() {
        trained = Sandwich.train(small().build(), tmp.resolve("run"), Listener.SILENT);
        embedded = TestData.embedded();
    }

    @Test
    void predictsWhatPredictWritesAndRanksItsOwnOutputs() {
        Path written = tmp.resolve("pred.txt");
        Sandwich.predict(PredictOptions.builder(trained.modelFile(), written)
                .input(Path.of("data/embedded/test_app.txt")).compute(Compute.cpu(1)).build(), Listener.SILENT);
        CsrMatrix expected = VectorFileReader.read(written, 23);
        Matrix rows = Matrix.of(embedded.test().app());
        try (Model m = trained.model()) {
            assertEquals("seed Net", m.layout());
            assertEquals(52, m.inputWidth());
            float[][] y = m.predict(rows);
            assertEquals(857, y.length);
            for (int r = 0; r < y.length; r++) {
                for (int c = 0; c < 23; c++) {
                    assertEquals(expected.get(r, c), y[r][c], 1e-6f * Math.max(1, Math.abs(y[r][c])), "row " + r);
                }
            }
            int[][] top = m.topK(rows, 3);
            for (int r = 0; r < y.length; r++) {
                float[] row = y[r];
                assertTrue(row[top[r][0]] >= row[top[r][1]] && row[top[r][1]] >= row[top[r][2]], "best first");
                for (int c = 0; c < 23; c++) {
                    int col = c;
                    boolean inTop = java.util.Arrays.stream(top[r]).anyMatch(i -> i == col);
                    assertTrue(inTop || row[c] <= row[top[r][2]], "row " + r + " column " + c + " beats the top 3");
                }
            }
            Evaluation e = m.evaluate(new Split(rows, Matrix.of(embedded.test().l1()), Optional.empty()),
                    Loss.MASKED, 5);
            assertEquals(trained.test(), e, "the test scores the run reported");
            SandwichException wide = assertThrows(SandwichException.class, () -> m.predict(new float[][] {{1, 2}}));
            assertEquals("expected rows of 52 values (the model's input), found 2", wide.getMessage());
            m.close();
            SandwichException closed = assertThrows(SandwichException.class, () -> m.predict(rows));
            assertEquals("this model is closed; load it again to use it", closed.getMessage());
        }
    }

    @Test
    void dataInMemoryTrainsExactlyAsItsFolder() {
        Data memory = Data.of(split(embedded.train()), split(embedded.validation()), split(embedded.test()));
        TrainResult fromMemory = Sandwich.train(small().data(memory).build(), tmp.resolve("memory"),
                Listener.SILENT);
        StateDict a = TorchCheckpointReader.read(trained.modelFile());
        StateDict b = TorchCheckpointReader.read(fromMemory.modelFile());
        for (String name : a.names()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        }
        assertTrue(fromMemory.record().contains("\"path\":\"in-memory\""), fromMemory.record());

        SandwichException ragged = assertThrows(SandwichException.class, () -> Matrix.dense(new float[][] {{1, 2},
            {3}}));
        assertEquals("row 2: expected 2 values, as row 1 has, found 1", ragged.getMessage());
        SandwichException nan = assertThrows(SandwichException.class, () -> Matrix.dense(new float[][] {{1,
            Float.NaN}}));
        assertEquals("row 1, column 2: expected a finite number, found NaN", nan.getMessage());
        SandwichException narrow = assertThrows(SandwichException.class, () -> Data.of(split(embedded.train()),
                Split.of(Matrix.dense(new float[][] {{1, 2}}), Matrix.dense(new float[][] {{1}})),
                split(embedded.test())));
        assertEquals("the validation split's App: expected 52 values per row, as in the other splits, found 2",
                narrow.getMessage());
        SandwichException noL2 = assertThrows(SandwichException.class, () -> Sandwich.train(TrainOptions.builder(
                Models.BASELINE).data(Data.of(Split.of(app(), l1()), Split.of(app(), l1()), Split.of(app(), l1())))
                .compute(Compute.cpu(1)).build(), tmp.resolve("no-l2"), Listener.SILENT));
        assertTrue(noL2.getMessage().startsWith("model baseline learns L2, and the data has no L2 targets"),
                noL2.getMessage());
    }

    private static Matrix app() {
        return Matrix.of(embedded.test().app().rowRange(0, 10));
    }

    private static Matrix l1() {
        return Matrix.of(embedded.test().l1().rowRange(0, 10));
    }

    private static Split split(io.sandwich.data.Split s) {
        return new Split(Matrix.of(s.app()), Matrix.of(s.l1()), Optional.ofNullable(s.l2()).map(Matrix::of));
    }
}
