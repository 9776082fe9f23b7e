package io.sandwich.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TorchCheckpointReaderTest {
    static Stream<String> fixtures() {
        return Fixtures.expected().keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsFixtureExactlyAsPyTorchDoes(String name) {
        JsonObject expected = Fixtures.expected().getAsJsonObject(name);
        Path path = Fixtures.path(name);
        assertEquals(Format.valueOf(expected.get("format").getAsString()), TorchCheckpointReader.detect(path));
        StateDict sd = TorchCheckpointReader.read(path);
        List<String> names = new ArrayList<>();
        for (JsonElement e : expected.getAsJsonArray("tensors")) {
            JsonObject t = e.getAsJsonObject();
            String key = t.get("name").getAsString();
            names.add(key);
            TorchTensor actual = sd.get(key);
            assertEquals(t.get("dtype").getAsString(), actual.dtype(), key);
            assertArrayEquals(Fixtures.ints(t.get("shape")), actual.shape(), key);
            assertArrayEquals(Fixtures.floats(t.get("data")), actual.data(), key); // exact
        }
        assertEquals(names, sd.names(), "key order");
    }

    @Test
    void keepsStateDictOrderWhichIsNotSorted() {
        StateDict sd = TorchCheckpointReader.read(Fixtures.path("views_legacy.pt"));
        assertEquals(List.of("base", "transposed", "row", "column", "block", "other"), sd.names());
        // transposed view of base shares its storage: transposed[j][i] == base[i][j]
        TorchTensor base = sd.get("base");
        TorchTensor tr = sd.get("transposed");
        assertArrayEquals(new int[] {6, 4}, tr.shape());
        assertEquals(base.data()[1 * 6 + 4], tr.data()[4 * 4 + 1]);
    }

    @Test
    void requireNamesTheTensorAndBothShapes() {
        StateDict sd = TorchCheckpointReader.read(Fixtures.path("net_zip.pt"));
        assertEquals(40, sd.require("fc1.0.weight", 8, 5).numel());
        var e = assertThrows(CheckpointFormatException.class, () -> sd.require("fc1.0.weight", 1024, 52));
        assertEquals("expected fc1.0.weight of shape [1024, 52], found [8, 5]", e.getMessage());
        var missing = assertThrows(CheckpointFormatException.class, () -> sd.require("fc9.weight", 2));
        assertTrue(missing.getMessage().contains("fc1.0.weight"), missing.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hostile_os_system_legacy.pt:os.system", "hostile_os_system_magic.pt:os.system",
        "hostile_builtins_eval_zip.pt:builtins.eval", "hostile_getattr_zip.pt:__builtin__.getattr"})
    void refusesForbiddenGlobalsNamingThem(String spec) {
        String[] parts = spec.split(":");
        var e = assertThrows(CheckpointFormatException.class,
                () -> TorchCheckpointReader.read(Fixtures.path(parts[0])));
        assertTrue(e.getMessage().contains(parts[1]), e.getMessage());
        assertTrue(e.getMessage().contains(parts[0]), e.getMessage());
    }

    @Test
    void rejectsNonCheckpointsClearly(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.pt");
        Files.writeString(text, "hello");
        var e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpointReader.read(text));
        assertTrue(e.getMessage().contains("not a torch.save checkpoint"), e.getMessage());
        var missing = assertThrows(CheckpointFormatException.class,
                () -> TorchCheckpointReader.read(dir.resolve("absent.pt")));
        assertTrue(missing.getMessage().contains("absent.pt"), missing.getMessage());
    }

    @Test
    void inspectListsFormatNamesDtypesAndShapes() {
        String s = TorchCheckpoints.inspect(Fixtures.path("net_bfloat16_zip.pt"));
        assertTrue(s.contains("zip format"), s);
        assertTrue(s.matches("(?s).*fc1\\.0\\.weight\\s+bfloat16\\s+\\[8, 5\\].*"), s);
        String legacy = TorchCheckpoints.inspect(Fixtures.path("pytorch03_legacy.pt"));
        assertTrue(legacy.contains("legacy format") && legacy.contains("fc.weight_t"), legacy);
    }

    @Test
    void hostileGlobalIsRefusedBeforeTheFileIsOtherwiseUsed() {
        assertFalse(WeightsOnlyGlobals.allowed("os", "system"));
        assertFalse(WeightsOnlyGlobals.allowed("builtins", "eval"));
        assertFalse(WeightsOnlyGlobals.allowed("torch", "load"));
        assertTrue(WeightsOnlyGlobals.allowed("torch", "BFloat16Storage"));
        assertTrue(WeightsOnlyGlobals.allowed("torch._utils", "_rebuild_tensor_v2"));
    }
}
