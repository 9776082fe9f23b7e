package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX: loadable by CUDA 12.0+ drivers (ISA 8.0 or lower, a virtual target every supported GPU can
 * JIT from), holding every kernel the backend launches, and current with {@code native/sandwich_kernels.cu}
 * (rebuilt and compared wherever nvcc exists).
 */
class PtxResourceTest {
    @TempDir
    Path tmp;

    private static String ptx() {
        return new String(CudaKernels.ptxBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void headerIsLoadableByCuda12Drivers() {
        Matcher v = Pattern.compile("(?m)^\\.version (\\d+)\\.(\\d+)$").matcher(ptx());
        assertTrue(v.find(), "no .version line");
        int major = Integer.parseInt(v.group(1));
        int minor = Integer.parseInt(v.group(2));
        assertTrue(major < 8 || (major == 8 && minor == 0), "PTX ISA " + major + "." + minor
                + " is newer than CUDA 12.0 drivers accept; run native/build-ptx.sh");
        Matcher t = Pattern.compile("(?m)^\\.target sm_(\\d+)").matcher(ptx());
        assertTrue(t.find() && Integer.parseInt(t.group(1)) <= 75, "target should be sm_75 or lower");
    }

    @Test
    void everyLaunchedKernelIsThere() throws Exception {
        String src = Files.readString(Path.of("src/main/java/io/sandwich/backend/cuda/CudaBackend.java"));
        Matcher m = Pattern.compile("kernels\\.launch\\(\"(\\w+)\"").matcher(src);
        int found = 0;
        while (m.find()) {
            assertTrue(ptx().contains(".entry " + m.group(1) + "("), "kernel " + m.group(1) + " missing from the PTX");
            found++;
        }
        assertTrue(found >= 10, "found only " + found + " launches");
    }

    @Test
    void committedPtxIsCurrent() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v nvcc").start();
        assumeTrue(which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0, "nvcc is not installed here");
        Path fresh = tmp.resolve("k.ptx");
        Process p = new ProcessBuilder(List.of("bash", "native/build-ptx.sh", fresh.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertArrayEquals(Files.readAllBytes(fresh), CudaKernels.ptxBytes(),
                "src/main/resources/.../sandwich_kernels.ptx is stale: run native/build-ptx.sh and commit it");
    }
}
