package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.backend.Backends;
import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sandwich doctor} describes the machine, says what --device auto picks, and exits 0 without a GPU. */
class DoctorCommandTest {
    @TempDir
    Path tmp;

    @Test
    void describesTheMachineAndWritesJson() throws IOException {
        Path json = tmp.resolve("doctor.json");
        Run r = run("doctor", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cores: " + Runtime.getRuntime().availableProcessors()), r.out());
        assertTrue(r.out().matches("(?s).*blas: OpenBLAS \\d+\\.\\d+\\.\\d+ .*"), r.out());
        String auto = Backends.gpuUnavailableReason().map(why -> "cpu, because " + why).orElse("gpu0");
        assertTrue(r.out().contains("--device auto: " + auto), r.out());
        JsonObject j = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(Runtime.getRuntime().availableProcessors(), j.get("cores").getAsInt());
        assertTrue(j.getAsJsonObject("cudaLibraries").has("libcublas.so.13"), j.toString());
    }

    @Test
    void anUnwritableJsonFileFailsFirst() {
        Run r = run("doctor", "--json", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: --json " + tmp + ": is a folder"), r.err());
    }
}
