package io.sandwich.cli;

import static io.sandwich.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.ChildProcess;
import io.sandwich.backend.Backends;
import io.sandwich.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        assertTrue(r.out().matches("(?s).*blas: OpenBLAS \\d+\\.\\d+\\.\\d+; .*"), r.out());
        String vector = "(?s).*cpu vector kernels \\(jdk.incubator.vector\\): (\\d+ float lanes|loaded, not used \\(the"
                + " native kernels run\\))\n.*"; // as the tests run
        assertTrue(r.out().matches(vector), r.out());
        assertTrue(r.out().matches("(?s).*cpu native kernels: (libsandwich_cpu.so \\(Adam, .+\\)|not used: .+)\n.*"),
                r.out());
        String auto = Backends.gpuUnavailableReason().map(why -> "cpu, because " + why).orElse("gpu0");
        assertTrue(r.out().contains("--device auto: " + auto), r.out());
        JsonObject j = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(Runtime.getRuntime().availableProcessors(), j.get("cores").getAsInt());
    }

    @Test
    void findsACudaLibraryPlantedOnTheLibraryPath() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Path planted = Files.writeString(lib.resolve("libcublas.so.13"), "not an ELF file");
        Path json = tmp.resolve("doctor.json");
        List<String> cmd = new ArrayList<>(ChildProcess.java(Main.class, "-Xmx256m"));
        cmd.addAll(List.of("doctor", "--json", json.toString()));
        ChildProcess.Result r = ChildProcess.run(cmd, Map.of("LD_LIBRARY_PATH", lib.toString()), 120);
        assertEquals(0, r.exit(), r.output());
        JsonObject found = JsonParser.parseString(Files.readString(json)).getAsJsonObject()
                .getAsJsonObject("cudaLibraries");
        assertTrue(found.get("libcublas.so.13").getAsString().startsWith(planted.toString()), found.toString());
        assertFalse(found.get("libcusparse.so.12").getAsString().startsWith(lib.toString()), found.toString());
    }

    @Test
    void anUnwritableJsonFileFailsFirst() {
        Run r = run("doctor", "--json", tmp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: --json " + tmp + ": is a folder"), r.err());
    }
}
