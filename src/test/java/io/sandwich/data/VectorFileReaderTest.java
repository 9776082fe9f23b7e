package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFileReaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("tr_app.txt");
        Files.writeString(f, content);
        return f;
    }

    private DataFormatException fails(String content, int cols) throws IOException {
        Path f = file(content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> VectorFileReader.read(f, cols));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e;
    }

    @Test
    void readsSparseRowsToleratingSpacingAndLineEnds() throws IOException {
        CsrMatrix m = VectorFileReader.read(file("0.0 0.5\t 0.5\r\n  1  0 0e0\r\n-2.5E-1 +3 .5\n\n\n"), 0);
        assertEquals(3, m.rows());
        assertEquals(3, m.cols());
        assertEquals(6, m.nnz());
        assertEquals(0.5f, m.get(0, 1));
        assertEquals(1f, m.get(1, 0));
        assertEquals(-0.25f, m.get(2, 0));
        assertEquals(3f, m.get(2, 1));
        assertEquals(0.5f, m.get(2, 2));
    }

    @Test
    void aUtf8ByteOrderMarkAtTheStartIsSkipped() throws IOException {
        CsrMatrix m = VectorFileReader.read(file("\uFEFF0.0 0.5\n1 0\n"), 0);
        assertEquals(2, m.rows());
        assertEquals(2, m.cols());
        assertEquals(0.5f, m.get(0, 1));
        assertEquals(1f, m.get(1, 0));
    }

    @Test
    void parsesLikeFloatParseFloat() throws IOException {
        Random rnd = new Random(7);
        StringBuilder sb = new StringBuilder();
        String[] tokens = new String[5000];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = switch (i % 3) {
                case 0 -> Double.toString(rnd.nextDouble());
                case 1 -> String.format(java.util.Locale.ROOT, "%.12e",
                        rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20));
                default -> "0." + "0".repeat(rnd.nextInt(3)) + Long.toString(Math.abs(rnd.nextLong()));
            };
            sb.append(tokens[i]).append('\n');
        }
        CsrMatrix m = VectorFileReader.read(file(sb.toString()), 1);
        for (int i = 0; i < tokens.length; i++) {
            assertEquals(Float.parseFloat(tokens[i]), m.get(i, 0), tokens[i]);
        }
    }

    @Test
    void takesWidthFromFirstRowOrExpected() throws IOException {
        assertEquals(2, VectorFileReader.read(file("1 2\n3 4\n"), 0).cols());
        DataFormatException e = fails("1 2\n3 4\n", 3);
        assertEquals(1, e.line());
        assertEquals(4, e.column());
    }

    @Test
    void tooFewValues() throws IOException {
        DataFormatException e = fails("1 2 3\n4 5\n", 0);
        assertEquals(2, e.line());
        assertEquals(4, e.column());
        assertTrue(e.getMessage().contains("tr_app.txt:2:4: expected 3 values, found 2"), e.getMessage());
    }

    @Test
    void tooManyValues() throws IOException {
        DataFormatException e = fails("1 2\n3 4\n5 6  7 8\n", 0);
        assertEquals(3, e.line());
        assertEquals(6, e.column());
        assertTrue(e.getMessage().endsWith("tr_app.txt:3:6: expected 2 values, found 4"), e.getMessage());
    }

    @Test
    void nonNumericToken() throws IOException {
        DataFormatException e = fails("1 2\n3  abc\n", 0);
        assertEquals(2, e.line());
        assertEquals(4, e.column());
        assertTrue(e.getMessage().endsWith("tr_app.txt:2:4: expected a decimal number, found \"abc\""),
                e.getMessage());
        assertEquals(5, fails("1 2\n0.1 1.2.3\n", 0).column());
        assertEquals(1, fails("1e 2\n", 0).column());
        assertEquals(3, fails("1 2f\n", 0).column());
    }

    @Test
    void nanIsRejected() throws IOException {
        DataFormatException e = fails("0.5 0.5\n0.5 NaN\n", 0);
        assertEquals(2, e.line());
        assertEquals(5, e.column());
        assertTrue(e.getMessage().contains("tr_app.txt:2:5: expected a finite number, found NaN"), e.getMessage());
        assertEquals(1, fails("nan 1\n", 0).column());
    }

    @Test
    void infinityIsRejected() throws IOException {
        DataFormatException e = fails("1 2\n3 4\n-Infinity 1\n", 0);
        assertEquals(3, e.line());
        assertEquals(1, e.column());
        assertTrue(e.getMessage().contains("expected a finite number, found -Infinity"), e.getMessage());
        assertEquals(3, fails("1 inf\n", 0).column());
        DataFormatException big = fails("1 1e39\n", 0);
        assertEquals(3, big.column());
        assertTrue(big.getMessage().contains("found 1e39"), big.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        DataFormatException e = fails("", 0);
        assertEquals(1, e.line());
        assertEquals(0, e.column());
        assertTrue(e.getMessage().contains("tr_app.txt:1: file is empty"), e.getMessage());
        assertTrue(fails("\n  \n", 5).getMessage().contains("file is empty"));
    }

    @Test
    void blankLineInside() throws IOException {
        DataFormatException e = fails("1 2\n3 4\n\n5 6\n", 0);
        assertEquals(3, e.line());
        assertEquals(1, e.column());
        assertTrue(e.getMessage().contains("tr_app.txt:3:1: expected a row of 2 values, found a blank line"),
                e.getMessage());
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nowhere.txt");
        DataFormatException e = assertThrows(DataFormatException.class, () -> VectorFileReader.read(f, 0));
        assertEquals(f, e.file());
        assertEquals(0, e.line());
        assertEquals(0, e.column());
        assertEquals(f + ": expected a vector file, found no such file", e.getMessage());
    }

    @Test
    void rowsAcrossChunkBoundariesAndLinesLongerThanAChunk() throws IOException {
        // rows of 3 values, enough of them to span several read chunks, then one row wider than a chunk
        StringBuilder sb = new StringBuilder();
        int rows = 3 * VectorFileReader.CHUNK / 20;
        for (int r = 0; r < rows; r++) {
            sb.append(r % 7 == 0 ? "0" : "0.25").append(' ').append(r).append(" 0\n");
        }
        CsrMatrix m = VectorFileReader.read(file(sb.toString()), 0);
        assertEquals(rows, m.rows());
        for (int r = 0; r < rows; r++) {
            assertEquals(r % 7 == 0 ? 0f : 0.25f, m.get(r, 0));
            assertEquals(r, m.get(r, 1));
        }
        int wide = VectorFileReader.CHUNK / 2 + 10;
        String row = "1 0 ".repeat(wide / 2).trim();
        CsrMatrix w = VectorFileReader.read(file("0 ".repeat(wide - 1) + "2\n" + row + "\n" + row), 0);
        assertEquals(3, w.rows());
        assertEquals(wide, w.cols());
        assertEquals(1 + wide / 2 * 2, w.nnz());
        assertEquals(2f, w.get(0, wide - 1));
        assertEquals(1f, w.get(2, wide - 2));
    }

    @Test
    void errorPositionsPastTheFirstChunk() throws IOException {
        String good = "0.5 0 0.25\n";
        int before = VectorFileReader.CHUNK / good.length() + 3;
        DataFormatException e = fails(good.repeat(before) + "0.5 0 x1\n" + good, 0);
        assertEquals(before + 1, e.line());
        assertEquals(7, e.column());
        assertTrue(e.getMessage().endsWith("tr_app.txt:" + (before + 1) + ":7: expected a decimal number, found"
                + " \"x1\""), e.getMessage());
        DataFormatException blank = fails(good.repeat(before) + "\n" + good, 0);
        assertEquals(before + 1, blank.line());
    }
}
