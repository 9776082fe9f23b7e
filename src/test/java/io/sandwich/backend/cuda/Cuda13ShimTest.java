package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA 13 shim without a GPU: builds it, builds a stand-in {@code libcublas.so.13} with two functions, and
 * checks that JCuda's real native library (bound to {@code libcublas.so.12}) loads through the shim in a child JVM
 * and its calls reach the .so.13 library, and that it does not load without the shim.
 */
class Cuda13ShimTest {
    @TempDir
    Path tmp;

    private static boolean has(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(List<String> cmd, Path libs, int[] exit) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (libs != null) {
            pb.environment().put("LD_LIBRARY_PATH", libs.toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        exit[0] = p.exitValue();
        return out;
    }

    @Test
    void jcudaNativesLoadThroughTheShimAndReachTheCuda13Library() throws Exception {
        assumeTrue(has("gcc") && has("objdump") && has("unzip"), "gcc, objdump and unzip are needed to build the shim");
        int[] exit = new int[1];
        Path shim = tmp.resolve("shim");
        String built = run(List.of("bash", "native/build-cuda13-shim.sh", shim.toString(), "--self-test"), null, exit);
        assertEquals(0, exit[0], built);
        Path fake = tmp.resolve("fake13");
        Files.createDirectories(fake);
        Files.writeString(fake.resolve("c.c"), "int cublasCreate_v2(void **h) { *h = (void *) 0x1234; return 0; }\n"
                + "int cublasDestroy_v2(void *h) { return h == (void *) 0x1234 ? 0 : 7; }\n");
        run(List.of("gcc", "-shared", "-fPIC", "-o", fake.resolve("libcublas.so.13").toString(),
                "-Wl,-soname,libcublas.so.13", fake.resolve("c.c").toString()), null, exit);
        assertEquals(0, exit[0]);
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ShimProbe.class.getName());

        String with = run(java, Path.of(shim + ":" + fake), exit);
        assertEquals(0, exit[0], with);
        assertTrue(with.contains("created=0 destroyed=0"), with);
        assertTrue(with.contains("0x1234"), "the handle came from the .so.13 stand-in: " + with);

        String without = run(java, fake, exit);
        assertTrue(exit[0] != 0 && without.contains("UnsatisfiedLinkError"), without);
    }
}
