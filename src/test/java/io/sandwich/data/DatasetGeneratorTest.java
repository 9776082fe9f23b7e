package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorTest {
    static final int USERS = 20_000;

    @TempDir
    Path tmp;

    @Test
    void splitsInTheSeedsProportions() {
        assertArrayEquals(new int[] {6000, 1000, 857}, DatasetGenerator.splitRows(7857));
        assertArrayEquals(new int[] {763_650, 127_275, 109_075}, DatasetGenerator.splitRows(1_000_000));
        assertArrayEquals(new int[] {76, 12, 12}, DatasetGenerator.splitRows(DatasetGenerator.MIN_USERS));
    }

    /** The same users in every format read back to the same rows; class ids to one-hot rows of their argmax. */
    @Test
    void everyFormatHoldsTheSameUsers() {
        Dataset txt = Dataset.load(DatasetGenerator.generate(tmp.resolve("txt"), 500, 3).directory());
        for (VectorFormat f : VectorFormat.values()) {
            Path dir = tmp.resolve(f.label());
            DatasetGenerator.generate(dir, 500, 3, f, false);
            assertSame(txt, Dataset.load(DataFiles.folder(dir), new Declared(52, 23, 164, 1),
                    Dataset.Targets.L1_AND_L2), f.label());
            if (f != VectorFormat.LIBSVM) {
                Path ids = tmp.resolve(f.label() + "-ids");
                DatasetGenerator.generate(ids, 500, 3, f, true);
                Dataset d = Dataset.load(DataFiles.folder(ids), new Declared(0, 23, 164, -1),
                        Dataset.Targets.L1_AND_L2);
                for (int s = 0; s < 3; s++) {
                    Split a = List.of(txt.train(), txt.validation(), txt.test()).get(s);
                    Split b = List.of(d.train(), d.validation(), d.test()).get(s);
                    assertArrayEquals(a.app().toDense(), b.app().toDense(), f.label());
                    for (int r = 0; r < a.rows(); r++) {
                        assertEquals(a.l2().argmaxRow(r), b.l2().argmaxRow(r), f.label() + " row " + r);
                        assertEquals(1f, b.l2().get(r, b.l2().argmaxRow(r)));
                        assertEquals(1, b.l1().rowPtr()[r + 1] - b.l1().rowPtr()[r], "one-hot");
                    }
                }
            }
        }
    }

    private static void assertSame(Dataset a, Dataset b, String what) {
        for (int s = 0; s < 3; s++) {
            Split x = List.of(a.train(), a.validation(), a.test()).get(s);
            Split y = List.of(b.train(), b.validation(), b.test()).get(s);
            for (int k = 0; k < 3; k++) {
                CsrMatrix m = List.of(x.app(), x.l1(), x.l2()).get(k);
                CsrMatrix n = List.of(y.app(), y.l1(), y.l2()).get(k);
                assertArrayEquals(m.rowPtr(), n.rowPtr(), what);
                assertArrayEquals(m.colIdx(), n.colIdx(), what);
                assertArrayEquals(m.values(), n.values(), what);
            }
        }
    }

    /** The CI-sized stand-in for the 1M-user check: sparse storage, and values that read back exactly. */
    @Test
    void twentyThousandUsersLoadSparselyAndRoundTrip() {
        Path dir = tmp.resolve("d");
        DatasetGenerator.Summary s = DatasetGenerator.generate(dir, USERS, 7);
        assertEquals(USERS, s.trainRows() + s.validationRows() + s.testRows());
        Dataset d = Dataset.load(dir);
        assertTrue(d.hasTrainL2());
        assertEquals(USERS, d.userIds().orElseThrow().size());

        List<String> ids = d.userIds().orElseThrow();
        SyntheticData g = new SyntheticData(7);
        byte[] id = new byte[32];
        float[] app = new float[SyntheticData.APP_DIM];
        float[] l1 = new float[SyntheticData.L1_DIM];
        float[] l2 = new float[SyntheticData.L2_DIM];
        int user = 0;
        long stored = 0;
        long bytes = 0;
        long dense = 0;
        for (Split split : List.of(d.train(), d.validation(), d.test())) {
            for (CsrMatrix m : List.of(split.app(), split.l1(), split.l2())) {
                stored += m.nnz();
                bytes += m.bytes();
                dense += 4L * m.rows() * m.cols();
                assertEquals(8L * m.nnz() + 4L * (m.rows() + 1), m.bytes(), "4-byte index + 4-byte float per value");
            }
            for (int r = 0; r < split.rows(); r++, user++) {
                g.userId(id);
                g.user(app, l1, l2);
                assertEquals(new String(id, StandardCharsets.US_ASCII), ids.get(user));
                assertRow(app, split.app(), r);
                assertRow(l1, split.l1(), r);
                assertRow(l2, split.l2(), r);
            }
            double appPerRow = (double) split.app().nnz() / split.rows();
            assertEquals(11.5, appPerRow, 1.0, split.name() + " App non-zeros per row");
            assertEquals(4.0, (double) split.l1().nnz() / split.rows(), 0.7, split.name() + " L1 non-zeros per row");
            assertEquals(6.3, (double) split.l2().nnz() / split.rows(), 0.7, split.name() + " L2 non-zeros per row");
        }
        assertEquals(USERS, user);
        // 239 columns per user, about 22 of them non-zero (9%): 8 bytes per stored value and 12 per user (three
        // row pointers), under a quarter of the dense floats' bytes
        assertTrue(stored < 25L * USERS, "stored values " + stored);
        assertTrue(bytes < 9 * stored, bytes + " bytes for " + stored + " stored values");
        assertTrue(bytes < dense / 4, bytes + " bytes sparse against " + dense + " dense");
    }

    private static void assertRow(float[] expected, CsrMatrix m, int r) {
        float[] got = new float[expected.length];
        m.copyRowDense(r, got, 0);
        if (!java.util.Arrays.equals(expected, got)) {
            assertArrayEquals(expected, got, m + " row " + r);
        }
    }

    /**
     * A regression lock: the streaming generator with the embedded dataset's seed writes exactly the committed
     * bytes, which pins both its draws and its number formatting.
     */
    @Test
    void regressionLockSevenThousandEightHundredFiftySevenUsersWithTheSeedAreTheEmbeddedData() throws IOException {
        Path dir = tmp.resolve("e");
        DatasetGenerator.generate(dir, 7857, SyntheticData.SEED);
        for (String f : SyntheticDataTest.FILES) {
            assertArrayEquals(Files.readAllBytes(Path.of("data", "embedded", f)), Files.readAllBytes(dir.resolve(f)),
                    f);
        }
    }

    @Test
    void rejectsTooFewOrTooManyUsers() {
        SandwichException e = assertThrows(SandwichException.class,
                () -> DatasetGenerator.generate(tmp.resolve("x"), 99, 1));
        assertEquals("expected between 100 and 100000000 users, found 99", e.getMessage());
        assertThrows(SandwichException.class, () -> DatasetGenerator.generate(tmp.resolve("x"), -5, 1));
        assertTrue(Files.notExists(tmp.resolve("x")), "nothing is created for a bad count");
    }

    @Test
    void rejectsAFileOrAFolderThatCannotBeCreated() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        SandwichException e = assertThrows(SandwichException.class, () -> DatasetGenerator.generate(file, 100, 1));
        assertEquals("expected a folder to write the dataset into, found a file at " + file, e.getMessage());
        SandwichException under = assertThrows(SandwichException.class,
                () -> DatasetGenerator.generate(file.resolve("sub"), 100, 1));
        assertTrue(under.getMessage().startsWith("expected a writable folder, found an error creating " + file),
                under.getMessage());
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path dir = tmp.resolve("g");
        Files.createDirectories(dir.resolve("tr_l2.txt").resolve("in-the-way"));
        SandwichException e = assertThrows(SandwichException.class, () -> DatasetGenerator.generate(dir, 100, 1));
        assertTrue(e.getMessage().contains("tr_l2.txt: could not write the file"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files removed");
        }
    }
}
