package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    private void rows(String name, int rows, int cols) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                sb.append(c > 0 ? " " : "").append(c == r % cols ? "1.0" : "0.0");
            }
            lines.add(sb.toString());
        }
        Files.write(dir.resolve(name), lines);
    }

    /** A small dataset: 5 / 3 / 2 rows, App 4, L1 3, L2 6 columns. */
    private void small(boolean trainL2) throws IOException {
        int[] n = {5, 3, 2};
        String[] prefix = {"tr", "val", "test"};
        for (int i = 0; i < 3; i++) {
            rows(prefix[i] + "_app.txt", n[i], 4);
            rows(prefix[i] + "_l1.txt", n[i], 3);
            if (trainL2 || i > 0) {
                rows(prefix[i] + "_l2.txt", n[i], 6);
            }
        }
    }

    @Test
    void loadsWithoutTrainL2() throws IOException {
        small(false);
        Dataset d = Dataset.load(dir);
        assertFalse(d.hasTrainL2());
        assertNull(d.train().l2());
        assertEquals(5, d.train().rows());
        assertEquals(3, d.validation().rows());
        assertEquals(2, d.test().rows());
        assertEquals(4, d.appDim());
        assertEquals(3, d.l1Dim());
        assertEquals(6, d.l2Dim());
        assertTrue(d.userIds().isEmpty());
        assertTrue(d.describe().contains("absent (no L2 file for train)"), d.describe());
    }

    @Test
    void loadsTrainL2WholeSetAndUsers() throws IOException {
        small(true);
        rows("app.txt", 10, 4);
        Files.write(dir.resolve("user.txt"), List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", ""));
        Dataset d = Dataset.load(dir);
        assertTrue(d.hasTrainL2());
        assertEquals(10, d.wholeApp().orElseThrow().rows());
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), d.userIds().orElseThrow());
    }

    @Test
    void pairedRowCountMismatchNamesBothFiles() throws IOException {
        small(false);
        rows("val_l1.txt", 4, 3);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Dataset.load(dir));
        assertEquals(dir.resolve("val_l1.txt"), e.file());
        assertTrue(e.getMessage().contains("val_l1.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("val_app.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 3 rows"), e.getMessage());
        assertTrue(e.getMessage().contains("found 4 rows"), e.getMessage());
    }

    @Test
    void columnCountMustMatchTheTrainFiles() throws IOException {
        small(false);
        rows("test_app.txt", 2, 5);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Dataset.load(dir));
        assertEquals(dir.resolve("test_app.txt"), e.file());
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("expected 4 values, found 5"), e.getMessage());
    }

    @Test
    void userFileMustCoverAllRows() throws IOException {
        small(false);
        Files.write(dir.resolve("user.txt"), List.of("a", "b"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Dataset.load(dir));
        assertTrue(e.getMessage().contains("user.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 10 user ids"), e.getMessage());
    }

    @Test
    void userIdsAreStrippedAndABlankLineInsideIsAnError() throws IOException {
        small(false);
        Files.write(dir.resolve("user.txt"),
                List.of(" a", "b\t", "c", "d", "e", "f", "g", "h", "i", "\u00e9j", " ", ""));
        List<String> ids = Dataset.load(dir).userIds().orElseThrow();
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "\u00e9j"), ids);
        assertEquals("\u00e9j", ids.get(9));
        assertThrows(UnsupportedOperationException.class, () -> ids.set(0, "x"));
        Files.write(dir.resolve("user.txt"), List.of("a", "b", "c", "", "e", "f", "g", "h", "i", "j"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Dataset.load(dir));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().endsWith("user.txt:4:1: expected a user id, found a blank line"), e.getMessage());
    }

    @Test
    void wholeSetFileMustCoverAllRows() throws IOException {
        small(false);
        rows("l1.txt", 9, 3);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Dataset.load(dir));
        assertEquals(dir.resolve("l1.txt"), e.file());
        assertTrue(e.getMessage().contains("expected 10 rows"), e.getMessage());
    }

    @Test
    void missingRequiredFilesAreListed() throws IOException {
        small(false);
        Files.delete(dir.resolve("val_l2.txt"));
        Files.delete(dir.resolve("test_l1.txt"));
        SandwichException e = assertThrows(SandwichException.class, () -> Dataset.load(dir));
        assertTrue(e.getMessage().contains("found these missing: val_l2.txt, test_l1.txt"), e.getMessage());
    }

    @Test
    void missingDirectory() {
        Path nowhere = dir.resolve("nowhere");
        SandwichException e = assertThrows(SandwichException.class, () -> Dataset.load(nowhere));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }

    @Test
    void splitChecksRowCounts() {
        CsrMatrix a = CsrMatrix.fromDense(new float[] {1, 0, 0, 1}, 2, 2);
        CsrMatrix b = CsrMatrix.fromDense(new float[] {1, 0}, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> new Split("x", a, b, null));
        assertEquals(2, new Split("x", a, a, null).rows());
    }
}
