package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import io.sandwich.TestData;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.VectorFileWriter;
import io.sandwich.data.VectorFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same rows written in every format, targets as class ids (sparse rows: as one-hot rows), train to exactly the
 * test scores of the seed layout with one-hot targets, from a folder and from a JSON or TOML manifest.
 */
class DataFormatsTest {
    private static final String[] SPLITS = {"tr", "val", "test"};
    private static final int[] ROWS = {600, 150, 150};

    @TempDir
    static Path tmp;

    /** Rows of each split: App, L1 ids, L2 ids. */
    static CsrMatrix[] app = new CsrMatrix[3];
    static int[][] l1 = new int[3][];
    static int[][] l2 = new int[3][];
    static Evaluation reference;

    @BeforeAll
    static void writeReference() {
        Dataset e = TestData.embedded();
        List<io.sandwich.data.Split> splits = List.of(e.train(), e.validation(), e.test());
        Path dir = tmp.resolve("reference");
        mkdirs(dir);
        for (int s = 0; s < 3; s++) {
            io.sandwich.data.Split split = splits.get(s);
            app[s] = split.app().rowRange(0, ROWS[s]);
            l1[s] = argmax(split.l1().rowRange(0, ROWS[s]));
            l2[s] = argmax(split.l2().rowRange(0, ROWS[s]));
            VectorFileWriter.write(dir.resolve(SPLITS[s] + "_app.txt"), app[s]);
            VectorFileWriter.write(dir.resolve(SPLITS[s] + "_l1.txt"), oneHot(l1[s], 23));
            VectorFileWriter.write(dir.resolve(SPLITS[s] + "_l2.txt"), oneHot(l2[s], 164));
        }
        reference = train(Data.folder(dir));
    }

    private static Evaluation train(Data data) {
        TrainOptions o = TrainOptions.builder(Models.BASELINE).data(data).settings(Settings.builder()
                .set(Hyperparameters.EPOCHS, 2).set(Hyperparameters.HIDDEN, List.of(16, 16)).build())
                .compute(Compute.cpu(1))
                .build();
        return Sandwich.train(o, tmp.resolve("runs").resolve(String.valueOf(System.nanoTime())), Listener.SILENT)
                .test();
    }

    private static final Declaration SEED_WIDTHS = Declaration.builder().l1Classes(23).l2Classes(164).build();

    @Test
    void everyFormatOfClassIdsTrainsAsTheSeedLayout() {
        for (VectorFormat f : List.of(VectorFormat.TXT, VectorFormat.CSV, VectorFormat.TSV, VectorFormat.NPY)) {
            Path dir = tmp.resolve("ids-" + f.label());
            write(dir, "", f, true);
            assertEquals(reference, train(Data.folder(dir, SEED_WIDTHS)), f.label());
        }
    }

    @Test
    void oneChangedIdChangesTheScores() {
        Path dir = tmp.resolve("changed");
        int before = l1[0][0];
        l1[0][0] = (before + 1) % 23;
        try {
            write(dir, "", VectorFormat.CSV, true);
        } finally {
            l1[0][0] = before;
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(reference, train(Data.folder(dir, SEED_WIDTHS)));
    }

    @Test
    void sparseRowsTrainAsTheSeedLayout() {
        Path dir = tmp.resolve("sparse");
        write(dir, "", VectorFormat.LIBSVM, false);
        assertEquals(reference, train(Data.folder(dir, Declaration.builder().appWidth(52).l1Classes(23)
                .l2Classes(164).indexBase(1).build())));
    }

    @Test
    void manifestsNameTheFilesAndDeclareTheirShapes() throws IOException {
        Path dir = tmp.resolve("manifest");
        write(dir.resolve("files"), "x_", VectorFormat.CSV, true);
        Path json = dir.resolve("data.json");
        Files.writeString(json, """
                {"format": "csv", "l1_classes": 23, "l2_classes": 164,
                 "train": {"app": "files/x_tr_app.csv", "l1": "files/x_tr_l1.csv", "l2": "files/x_tr_l2.csv"},
                 "validation": {"app": "files/x_val_app.csv", "l1": "files/x_val_l1.csv",
                                "l2": {"file": "files/x_val_l2.csv", "format": "csv"}},
                 "test": {"app": "files/x_test_app.csv", "l1": "files/x_test_l1.csv", "l2": "files/x_test_l2.csv"}}
                """);
        assertEquals(reference, train(Data.manifest(json)));
        Path toml = dir.resolve("data.toml");
        StringBuilder t = new StringBuilder("l1_classes = 23\nl2_classes = 164\n");
        for (Map.Entry<String, String> s : Map.of("train", "tr", "validation", "val", "test", "test").entrySet()) {
            t.append("[").append(s.getKey()).append("]\n");
            for (String part : List.of("app", "l1", "l2")) {
                t.append(part).append(" = \"files/x_").append(s.getValue()).append('_').append(part).append(".csv\"\n");
            }
        }
        Files.writeString(toml, t);
        assertEquals(reference, train(Data.manifest(toml)));
    }

    @Test
    void undeclaredClassCountIsTheLargestIdPlusOne() {
        Path dir = tmp.resolve("undeclared");
        write(dir, "", VectorFormat.CSV, true);
        int maxL1 = 0;
        for (int[] ids : l1) {
            for (int id : ids) {
                maxL1 = Math.max(maxL1, id);
            }
        }
        Dataset d = Dataset.load(dir);
        assertEquals(maxL1 + 1, d.l1Dim());
        assertTrue(d.notes().get(0).startsWith("L1 targets are class ids: one-hot rows of " + (maxL1 + 1)
                + " classes (the largest id plus one)"), d.notes().toString());
    }

    @Test
    void benchTrainsOnTheTrainingFilesInAnyFormatAndFromManifests() throws IOException {
        List<String> reference = benchShapes(Data.folder(tmp.resolve("reference")));
        assertEquals("600 rows", reference.get(0));
        Path ids = tmp.resolve("bench-ids");
        write(ids, "", VectorFormat.NPY, true);
        assertEquals(reference, benchShapes(Data.folder(ids, SEED_WIDTHS)));
        Path json = ids.resolve("train.json");
        Files.writeString(json, """
                {"l1_classes": 23, "train": {"app": "tr_app.npy", "l1": "tr_l1.npy"}}
                """);
        assertEquals(reference, benchShapes(Data.manifest(json)));
        Path alone = tmp.resolve("bench-app-alone");
        mkdirs(alone);
        Files.copy(tmp.resolve("reference").resolve("tr_app.txt"), alone.resolve("tr_app.txt"));
        SandwichException e = assertThrows(SandwichException.class, () -> benchShapes(Data.folder(alone)));
        assertTrue(e.getMessage().contains("expected the training files tr_app.txt and tr_l1.txt (or .csv, .tsv,"
                + " .npy, .svm in place of .txt), found these missing: tr_l1.txt"), e.getMessage());
    }

    /** The training rows and the products' shapes of one timed epoch of app2l1 on {@code data}. */
    private static List<String> benchShapes(Data data) {
        BenchResult r = Sandwich.bench(new BenchOptions(Models.APP2L1, 1, 0, data, Settings.builder()
                .set(Hyperparameters.HIDDEN, List.of(16, 16)).build(), Compute.cpu(1)), Optional.empty(),
                Listener.SILENT);
        return Stream.concat(Stream.of(r.rows() + " rows"), r.gemmLimit().shapes().stream()
                .map(s -> s.m() + "x" + s.n() + "x" + s.k())).toList();
    }

    /** The rows in {@code format}, files named {@code prefix} + the seed's names; targets as ids or one-hot. */
    private static void write(Path dir, String prefix, VectorFormat format, boolean ids) {
        mkdirs(dir);
        String ext = "." + format.extensions().get(0);
        for (int s = 0; s < 3; s++) {
            String stem = prefix + SPLITS[s];
            VectorFileWriter.write(dir.resolve(stem + "_app" + ext), app[s], format);
            if (ids) {
                VectorFileWriter.writeClassIds(dir.resolve(stem + "_l1" + ext), l1[s], format);
                VectorFileWriter.writeClassIds(dir.resolve(stem + "_l2" + ext), l2[s], format);
            } else {
                VectorFileWriter.write(dir.resolve(stem + "_l1" + ext), oneHot(l1[s], 23), format);
                VectorFileWriter.write(dir.resolve(stem + "_l2" + ext), oneHot(l2[s], 164), format);
            }
        }
    }

    private static int[] argmax(CsrMatrix m) {
        int[] ids = new int[m.rows()];
        for (int r = 0; r < ids.length; r++) {
            ids[r] = m.argmaxRow(r);
        }
        return ids;
    }

    private static CsrMatrix oneHot(int[] ids, int classes) {
        float[] dense = new float[ids.length * classes];
        for (int r = 0; r < ids.length; r++) {
            dense[r * classes + ids[r]] = 1f;
        }
        return CsrMatrix.fromDense(dense, ids.length, classes);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
