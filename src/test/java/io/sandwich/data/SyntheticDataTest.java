package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataTest {
    static final List<String> FILES = List.of("tr_app.txt", "tr_l1.txt", "tr_l2.txt", "val_app.txt", "val_l1.txt",
            "val_l2.txt", "test_app.txt", "test_l1.txt", "test_l2.txt", "user.txt");

    @TempDir
    static Path tmp;
    static Dataset data;

    @BeforeAll
    static void generate() {
        SyntheticData.writeTo(tmp.resolve("a"));
        data = Dataset.load(tmp.resolve("a"));
    }

    @Test
    void isDeterministic() throws IOException {
        SyntheticData.writeTo(tmp.resolve("b"));
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)),
                    Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void hasTheSeedShapes() {
        assertEquals(6000, data.train().rows());
        assertEquals(1000, data.validation().rows());
        assertEquals(857, data.test().rows());
        assertEquals(52, data.appDim());
        assertEquals(23, data.l1Dim());
        assertEquals(164, data.l2Dim());
        assertTrue(data.hasTrainL2());
        List<String> users = data.userIds().orElseThrow();
        assertEquals(7857, users.size());
        assertEquals(7857, users.stream().distinct().count());
        assertTrue(users.stream().allMatch(u -> u.matches("[0-9A-F]{32}")));
    }

    @Test
    void densitiesResembleTheSeed() {
        for (Split s : List.of(data.train(), data.validation(), data.test())) {
            assertEquals(11.5, (double) s.app().nnz() / s.rows(), 1.0, s.name() + " App non-zeros per row");
            assertEquals(4.0, (double) s.l1().nnz() / s.rows(), 0.7, s.name() + " L1 non-zeros per row");
            assertEquals(6.3, (double) s.l2().nnz() / s.rows(), 0.7, s.name() + " L2 non-zeros per row");
            for (int r = 0; r < s.rows(); r++) {
                assertEquals(1.0, s.app().rowSum(r), 1e-3, "App rows are shares");
                assertTrue(s.l1().rowSum(r) > 0 && s.l1().rowSum(r) <= 1.0 + 1e-4, "L1 row sum in (0, 1]");
            }
        }
    }

    @Test
    void l1IsTheSumOfItsL2Children() {
        int[] parent = SyntheticData.l2Parents();
        assertEquals(164, parent.length);
        int[] size = new int[23];
        for (int p : parent) {
            size[p]++;
        }
        for (int n : size) {
            assertTrue(n >= 1, "every L1 category has an L2 child");
        }
        for (Split s : List.of(data.train(), data.validation(), data.test())) {
            float[] l1 = s.l1().toDense();
            float[] l2 = s.l2().toDense();
            for (int r = 0; r < s.rows(); r++) {
                double[] sum = new double[23];
                for (int c = 0; c < 164; c++) {
                    sum[parent[c]] += l2[r * 164 + c];
                }
                for (int j = 0; j < 23; j++) {
                    assertEquals(sum[j], l1[r * 23 + j], 1e-4, s.name() + " row " + r + " L1 " + j);
                }
            }
        }
    }

    @Test
    void majorityClassIsModerate() {
        CsrMatrix test = data.test().l2();
        int[] counts = new int[164];
        for (int r = 0; r < test.rows(); r++) {
            counts[test.argmaxRow(r)]++;
        }
        double majority = (double) java.util.Arrays.stream(counts).max().orElseThrow() / test.rows();
        assertTrue(majority > 0.15 && majority < 0.35, "L2 majority share " + majority);
    }

    /**
     * A regression lock, not a check of correctness: the committed embedded dataset is byte for byte this generator's
     * output, so that a change to the generator (or to how it writes numbers) cannot pass unnoticed. The properties
     * above are what the data must have; this only pins the bytes that the results in docs/ were measured on.
     */
    @Test
    void regressionLockTheCommittedEmbeddedDataIsThisGeneratorsOutput() throws IOException {
        Path embedded = Path.of("data", "embedded");
        Dataset d = Dataset.load(embedded);
        assertEquals(7857, d.train().rows() + d.validation().rows() + d.test().rows());
        assertTrue(d.hasTrainL2());
        for (String f : FILES) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(embedded.resolve(f)),
                    f + " differs from a fresh generation: regenerate data/embedded");
        }
    }
}
