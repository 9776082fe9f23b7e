package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFileWriterTest {
    @TempDir
    Path dir;

    private static float[] randomSparse(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(4) == 0) {
                a[i] = (float) (rnd.nextDouble() * Math.pow(10, rnd.nextInt(12) - 8)) * (rnd.nextBoolean() ? 1 : -1);
            }
        }
        return a;
    }

    @Test
    void roundTripsExactly() {
        float[] a = randomSparse(37 * 11, 3);
        Path f = dir.resolve("m.txt");
        VectorFileWriter.write(f, a, 37, 11);
        CsrMatrix m = VectorFileReader.read(f, 11);
        assertEquals(37, m.rows());
        assertArrayEquals(a, m.toDense());
    }

    @Test
    void compactRoundTripsExactly() throws IOException {
        float[] a = randomSparse(20 * 9, 5);
        a[0] = 0.0005f;
        a[1] = 1f;
        a[2] = 0f;
        Path f = dir.resolve("m.txt");
        VectorFileWriter.writeCompact(f, CsrMatrix.fromDense(a, 20, 9));
        assertArrayEquals(a, VectorFileReader.read(f, 9).toDense());
        assertEquals("0.0005 1 0", Files.readAllLines(f).get(0).substring(0, 10));
    }

    @Test
    void formatsLikeFloatToString() throws IOException {
        Path f = dir.resolve("m.txt");
        VectorFileWriter.write(f, new float[] {0f, 0.25f, 1f, 1e-4f}, 2, 2);
        assertEquals(List.of("0.0 0.25", "1.0 1.0E-4"), Files.readAllLines(f));
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path f = dir.resolve("m.txt");
        Files.writeString(f, "old content that is longer than the new\n");
        VectorFileWriter.write(f, new float[] {2f}, 1, 1);
        assertEquals("2.0\n", Files.readString(f));
    }

    @Test
    void leavesNothingBehindOnFailure() throws IOException {
        // the target is a non-empty directory: the final rename fails after the content was written
        Path target = dir.resolve("m.txt");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep"), "x");
        assertThrows(SandwichException.class, () -> VectorFileWriter.write(target, new float[] {1f}, 1, 1));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList());
        }
        assertEquals("x", Files.readString(target.resolve("keep")));
    }

    @Test
    void failsClearlyWhenTheDirectoryIsMissing() {
        Path f = dir.resolve("no/such/dir/m.txt");
        SandwichException e = assertThrows(SandwichException.class,
                () -> VectorFileWriter.write(f, new float[] {1f}, 1, 1));
        assertEquals(true, e.getMessage().startsWith(f + ": could not write the file"), e.getMessage());
    }
}
