package io.sandwich.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TorchCheckpointWriterTest {
    @TempDir
    Path dir;

    static StateDict sample() {
        Random r = new Random(7);
        StateDict sd = new StateDict();
        sd.put("zeta.weight", TorchTensor.of(randoms(r, 12), 4, 3));
        sd.put("alpha.0.bias", TorchTensor.of(randoms(r, 4), 4));
        sd.put("scale16", new TorchTensor("float16", new int[] {2, 2}, new float[] {0.5f, -1.25f, 1024f, 0f}));
        sd.put("bf", new TorchTensor("bfloat16", new int[] {3}, new float[] {1f, -2.5f, 0.15625f}));
        sd.put("wide", new TorchTensor("float64", new int[] {2}, new float[] {1e-30f, 3.25f}));
        sd.put("count", new TorchTensor("int64", new int[] {}, new float[] {42f}));
        sd.put("empty", TorchTensor.of(new float[0], 0, 5));
        return sd;
    }

    static float[] randoms(Random r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void roundTripsThroughTheReader(Format format) {
        StateDict sd = sample();
        Path p = dir.resolve("model.pt");
        TorchCheckpointWriter.write(sd, p, format);
        assertEquals(format, TorchCheckpointReader.detect(p));
        StateDict back = TorchCheckpointReader.read(p);
        assertEquals(sd.names(), back.names());
        assertEquals(sd, back); // the sample's values are exact in their dtypes
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file left behind");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rewritingAFixtureReproducesIt() {
        for (String name : List.of("net_zip.pt", "addlayers_legacy.pt", "net_float16_zip.pt", "views_legacy.pt")) {
            StateDict sd = TorchCheckpointReader.read(Fixtures.path(name));
            for (Format f : Format.values()) {
                Path p = dir.resolve(f + "-" + name);
                TorchCheckpointWriter.write(sd, p, f);
                assertEquals(sd, TorchCheckpointReader.read(p), name + " as " + f);
            }
        }
    }

    @Test
    void zipStoragesAreAlignedTo64Bytes() throws IOException {
        Path p = dir.resolve("aligned.pt");
        TorchCheckpointWriter.write(sample(), p, Format.ZIP);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int storages = 0;
        for (int at = 0; at + 30 < b.capacity(); at++) {
            if (b.getInt(at) != 0x04034b50) {
                continue;
            }
            int nameLen = b.getShort(at + 26) & 0xffff;
            int extraLen = b.getShort(at + 28) & 0xffff;
            String name = new String(b.array(), at + 30, nameLen, java.nio.charset.StandardCharsets.UTF_8);
            if (name.startsWith("archive/data/")) {
                storages++;
                assertEquals(0, (at + 30 + nameLen + extraLen) % 64, name);
            }
        }
        assertEquals(7, storages);
    }

    @Test
    void roundsToHalfAndBfloat16LikeTorch() {
        assertEquals((short) 0x3c00, Dtype.floatToHalf(1f));
        assertEquals((short) 0x7c00, Dtype.floatToHalf(65520f));
        assertEquals((short) 0x7bff, Dtype.floatToHalf(65519f));
        assertEquals((short) 0x0001, Dtype.floatToHalf(0x1p-24f));
        assertEquals(1f + 0x1p-10f, Dtype.halfToFloat(Dtype.floatToHalf(1f + 0x1p-10f + 0x1p-12f)));
        assertEquals(1f, Dtype.halfToFloat(Dtype.floatToHalf(1f + 0x1p-11f))); // tie to even
        assertEquals((short) 0x3f80, Dtype.floatToBfloat16(1f));
        assertEquals(1f, Float.intBitsToFloat(Dtype.floatToBfloat16(1f + 0x1p-8f) << 16)); // tie to even
        for (int h = 0; h < 0x7c00; h++) { // every finite half survives the round trip
            assertEquals((short) h, Dtype.floatToHalf(Dtype.halfToFloat((short) h)));
        }
    }

    @Test
    void failedWriteLeavesNothingAndSuccessReplaces() throws IOException {
        Path missingDir = dir.resolve("no/such/dir/model.pt");
        assertThrows(SandwichException.class, () -> TorchCheckpointWriter.write(sample(), missingDir, Format.ZIP));
        Path existing = dir.resolve("keep.pt");
        Files.writeString(existing, "old");
        StateDict one = new StateDict().put("x", TorchTensor.of(new float[] {1f}, 1));
        TorchCheckpointWriter.write(one, existing, Format.LEGACY); // replaces the old file
        assertArrayEquals(new float[] {1f}, TorchCheckpointReader.read(existing).get("x").data());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().equals("keep.pt")));
        }
    }
}
