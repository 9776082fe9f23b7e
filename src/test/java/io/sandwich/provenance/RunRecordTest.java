package io.sandwich.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.SandwichException;
import io.sandwich.backend.BackendInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run record survives its JSON form, and says what makes two runs different. */
class RunRecordTest {
    @TempDir
    Path tmp;

    /** Settings as the API writes them: one value per hyperparameter, numbers as decimals. */
    private static RunSettings settings(long seed) {
        return new RunSettings("baseline", JsonParser.parseString("{\"lr\": 0.001, \"lr_e\": 0.002, \"batch\": 64,"
                + " \"dropout\": [0.05, 0.1, 0.0], \"loss\": \"masked\", \"seed\": " + seed + "}")
                .getAsJsonObject());
    }

    private static RunSettings settings() {
        return settings(7);
    }

    private Path data() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(d.resolve("tr_app.txt"), "1 0\n0 1\n");
        Files.writeString(d.resolve("notes.md"), "not data");
        return d;
    }

    @Test
    void theJsonFormReadsBackToTheSameRecord() throws IOException {
        Path init = Files.writeString(tmp.resolve("init.pt"), "weights");
        RunRecord r = RunRecord.of(settings(), FileDigest.ofFolder(data()), Map.of("init-from", init),
                new BackendInfo("cpu", "2 threads", Map.of("openblas", "0.3.31")));
        RunRecord back = RunRecord.fromJson(r.toJson(), "test");
        assertEquals(r.toJson(), back.toJson());
        assertEquals(List.of(), r.differences(back));
        assertEquals(r.backend(), back.backend());
        assertEquals(settings().toJson(), back.settings().toJson());
        assertEquals(64, back.settings().values().get("batch").getAsInt());
    }

    @Test
    void differencesNameSettingsDataAndInitialWeights() throws IOException {
        Path data = data();
        Path init = Files.writeString(tmp.resolve("init.pt"), "weights");
        RunRecord r = RunRecord.of(settings(), FileDigest.ofFolder(data), Map.of("init-from", init), null);
        RunRecord otherSeed = r.withSettings(settings(8));
        assertEquals(List.of("seed 8 instead of 7"), r.differences(otherSeed));
        JsonObject patience = settings().values();
        patience.addProperty("patience", 5);
        assertEquals(List.of("patience 5 instead of null"), r.differences(r.withSettings(new RunSettings("baseline",
                patience))), "a value only one record has is a difference");
        assertEquals(List.of(), r.differences(RunRecord.fromJson(r.toJson(), "test")), "a record read back is the"
                + " same run: its numbers compare by value");

        Files.writeString(data.resolve("notes.md"), "other notes, not data");
        Files.writeString(init, "weights");
        assertEquals(List.of(), r.differences(RunRecord.of(settings(), FileDigest.ofFolder(data), Map.of("init-from",
                init), null)),
                "only the vector files count, and equal content is the same run");

        Files.writeString(data.resolve("tr_app.txt"), "1 0\n0 2\n");
        Files.writeString(init, "other weights");
        assertEquals(List.of("the data in " + data.toAbsolutePath(), "the init-from file " + init.toAbsolutePath()),
                r.differences(RunRecord.of(settings(), FileDigest.ofFolder(data), Map.of("init-from", init),
                        null)));
    }

    @Test
    void aMovedDataFolderIsTheSameData() throws IOException {
        Path data = data();
        FileDigest before = FileDigest.ofFolder(data);
        Path moved = Files.move(data, tmp.resolve("moved"));
        FileDigest after = FileDigest.ofFolder(moved);
        assertEquals(before.sha256(), after.sha256());
        assertNotEquals(before.path(), after.path());
    }

    @Test
    void aRecordOfAnotherFormatIsRefusedWithASentence() throws IOException {
        JsonObject j = RunRecord.of(settings(), FileDigest.ofFolder(data()), Map.of(), null).toJson();
        j.addProperty("format", "sandwich-run/0");
        SandwichException e = assertThrows(SandwichException.class, () -> RunRecord.fromJson(j, "state.json"));
        assertTrue(e.getMessage().startsWith("state.json: expected a run record (sandwich-run/2)"), e.getMessage());
        j.remove("settings");
        j.addProperty("format", RunRecord.FORMAT);
        assertThrows(SandwichException.class, () -> RunRecord.fromJson(j, "state.json"));
    }

    @Test
    void aResumeOnOtherArithmeticIsNamedButNotOnOtherThreads() throws IOException {
        BackendInfo cpu = new BackendInfo("cpu", "2 threads", Map.of("openblas", "0.3.31 (2 threads)"));
        RunRecord r = RunRecord.of(settings(), FileDigest.ofFolder(data()), Map.of(), cpu);
        assertEquals(java.util.Optional.empty(), r.arithmeticChange(new BackendInfo("cpu", "1 threads",
                Map.of("openblas", "0.3.31 (1 threads)"))));
        assertEquals("it was checkpointed on cpu, it continues on gpu0", r.arithmeticChange(new BackendInfo("gpu0",
                "H100", Map.of("cublas", "130000"))).orElseThrow());
        assertEquals("it was checkpointed with openblas 0.3.31, it continues with 0.3.30", r.arithmeticChange(
                new BackendInfo("cpu", "2 threads", Map.of("openblas", "0.3.30 (2 threads)"))).orElseThrow());
        RunRecord gpu = r.withBackend(new BackendInfo("gpu0", "NVIDIA H100, compute 9.0", Map.of("cublas", "1")));
        assertEquals("it was checkpointed on NVIDIA H100, compute 9.0, it continues on NVIDIA H200, compute 9.0",
                gpu.arithmeticChange(new BackendInfo("gpu1", "NVIDIA H200, compute 9.0", Map.of("cublas", "1")))
                        .orElseThrow());
    }
}
