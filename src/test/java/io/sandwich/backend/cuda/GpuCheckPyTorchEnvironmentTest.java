package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sandwich.ChildProcess;
import io.sandwich.RealTorch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first step of {@code scripts/gpu-check --run}: the environment the PyTorch baselines get. A folder on
 * {@code LD_LIBRARY_PATH} that holds another copy of one of PyTorch's libraries, or a file of that name that breaks
 * {@code import torch}, is found and left out with a sentence, a clean one is kept as it is, and a Python that cannot
 * run PyTorch is one reason in the summary. All but the last need real PyTorch ({@code /usr/bin/python3} with torch).
 */
class GpuCheckPyTorchEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void aFolderInFrontOfPyTorchsLibrariesIsLeftOut() throws Exception {
        RealTorch.assume();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        JsonObject torch = harness(RealTorch.PYTHON, empty, "--plant", "shadow");
        String planted = torch.get("planted").getAsString();
        assertTrue(planted.startsWith(dir.resolve("out/planted-shadow").toString()), planted);
        assertTrue(torch.get("planted_detected").getAsBoolean(), torch.toString());
        String environment = torch.get("environment").getAsString();
        assertTrue(environment.startsWith("LD_LIBRARY_PATH without " + dir.resolve("out/planted-shadow") + ", "),
                environment);
        assertTrue(environment.contains("in front of PyTorch's own"), environment);
        assertFalse(environment.contains(empty.toString()), "a folder that shadows nothing is kept: " + environment);
        assertTrue(torch.has("version"), torch.toString());
    }

    @Test
    void aFolderThatBreaksPyTorchIsLeftOut() throws Exception {
        RealTorch.assume();
        JsonObject torch = harness(RealTorch.PYTHON, Files.createDirectories(dir.resolve("empty")), "--plant",
                "broken-shadow");
        String environment = torch.get("environment").getAsString();
        assertTrue(environment.startsWith("without LD_LIBRARY_PATH: with it, PyTorch fails ("), environment);
        assertTrue(environment.contains(dir.resolve("out/planted-shadow").toString()), environment);
        assertFalse(torch.has("error"), "without the folder PyTorch runs: " + torch);
    }

    @Test
    void aCleanLibraryPathIsKept() throws Exception {
        RealTorch.assume();
        JsonObject torch = harness(RealTorch.PYTHON, Files.createDirectories(dir.resolve("empty")));
        assertFalse(torch.has("environment"), torch.toString());
        assertFalse(torch.has("error"), torch.toString());
        assertTrue(torch.has("version"), torch.toString());
    }

    @Test
    void aPythonThatCannotRunPyTorchIsOneReason() throws Exception {
        String missing = dir.resolve("no-such-python").toString();
        JsonObject torch = harness(missing, Files.createDirectories(dir.resolve("empty")));
        assertEquals("PyTorch does not run with " + missing + ": " + torch.get("error").getAsString(),
                torch.get("skipped").getAsString());
    }

    /** Runs the harness's PyTorch step with LD_LIBRARY_PATH set to libraryPath; its summary's "pytorch". */
    private JsonObject harness(String python, Path libraryPath, String... extra) throws IOException,
            InterruptedException {
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(RealTorch.PYTHON, "scripts/gpu/gpu-check-run.py", "--only-pytorch",
                "--python", python, "--out", out.toString()));
        cmd.addAll(List.of(extra));
        ChildProcess.Result run = ChildProcess.run(cmd, Map.of("LD_LIBRARY_PATH", libraryPath.toString()), 180);
        assertEquals(0, run.exit(), run.output());
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertTrue(summary.get("complete").getAsBoolean(), summary.toString());
        return summary.getAsJsonObject("pytorch");
    }
}
