package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.Requirement;
import io.sandwich.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA 13 shim without a GPU, on a stand-in of CUDA 13's library layout: a {@code libcublas.so.13} and a
 * {@code libcusparse.so.12} (CUDA 13 still ships cuSPARSE 12), two functions each. JCuda's real cuBLAS natives
 * (bound to {@code libcublas.so.12}) load through the shim in a child JVM and their calls reach the .so.13 library;
 * its real cuSPARSE natives reach CUDA 13's own {@code libcusparse.so.12}, which the shim must not hide; without the
 * shim cuBLAS does not load.
 */
class Cuda13ShimTest {
    @TempDir
    Path tmp;

    @Test
    void jcudaNativesLoadThroughTheShimAndReachTheCuda13Library() throws Exception {
        Requirement.SIMULATOR.assume(ChildProcess.has("gcc") && ChildProcess.has("objdump")
                && ChildProcess.has("unzip"), "gcc, objdump and unzip are needed to build the shim");
        Path shim = tmp.resolve("shim");
        ChildProcess.Result built = ChildProcess.run(List.of("bash", "native/build-cuda13-shim.sh", shim.toString(),
                "--self-test"), Map.of(), 120);
        assertEquals(0, built.exit(), built.output());
        Path fake = tmp.resolve("fake13");
        Files.createDirectories(fake);
        standIn(fake, "libcublas.so.13", null, "int cublasCreate_v2(void **h) { *h = (void *) 0x1234; return 0; }\n"
                + "int cublasDestroy_v2(void *h) { return h == (void *) 0x1234 ? 0 : 7; }\n");
        // CUDA 13's cuSPARSE 12: its functions under the version node JCuda's cuSPARSE natives bind to
        standIn(fake, "libcusparse.so.12", "libcusparse.so.12 { global: cusparse*; };\n",
                "int cusparseCreate(void **h) { *h = (void *) 0x5678; return 0; }\n"
                + "int cusparseDestroy(void *h) { return h == (void *) 0x5678 ? 0 : 7; }\n");
        try (var files = Files.list(shim)) {
            assertEquals(List.of("libcublas.so.12"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "the shim forwards cuBLAS only");
        }
        List<String> java = ChildProcess.java(ShimProbe.class);

        ChildProcess.Result with = ChildProcess.run(java, Map.of("LD_LIBRARY_PATH", shim + ":" + fake), 120);
        assertEquals(0, with.exit(), with.output());
        assertTrue(with.output().contains("created=0 destroyed=0"), with.output());
        assertTrue(with.output().contains("0x1234"), "the handle came from the .so.13 stand-in: " + with.output());
        assertTrue(with.output().contains("cusparse created=0 destroyed=0"), with.output());
        assertTrue(with.output().contains("0x5678"), "the cuSPARSE handle came from CUDA 13's libcusparse.so.12: "
                + with.output());

        ChildProcess.Result without = ChildProcess.run(java, Map.of("LD_LIBRARY_PATH", fake.toString()), 120);
        assertTrue(without.exit() != 0 && without.output().contains("UnsatisfiedLinkError"), without.output());

        // the shim without a libcublas.so.13 to forward to: cuBLAS calls return a status, the JVM does not abort
        Path no13 = Files.createDirectories(tmp.resolve("no-cublas13"));
        Files.copy(fake.resolve("libcusparse.so.12"), no13.resolve("libcusparse.so.12"));
        ChildProcess.Result missing = ChildProcess.run(java, Map.of("LD_LIBRARY_PATH", shim + ":" + no13), 120);
        assertEquals(1, missing.exit(), "an exception, not an abort (134): " + missing.output());
        assertTrue(missing.output().contains("libcublas.so.13 did not load"), missing.output());
        assertTrue(missing.output().contains("CUBLAS_STATUS_NOT_INITIALIZED"), missing.output());
    }

    /**
     * Compiles {@code source} into {@code dir/soname}, its symbols under {@code versionScript} when that is not null.
     */
    private static void standIn(Path dir, String soname, String versionScript, String source) throws Exception {
        Path c = dir.resolve(soname + ".c");
        Files.writeString(c, source);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-o", dir.resolve(soname).toString(),
                "-Wl,-soname," + soname, c.toString()));
        if (versionScript != null) {
            Path map = dir.resolve(soname + ".map");
            Files.writeString(map, versionScript);
            cmd.add("-Wl,--version-script=" + map);
        }
        ChildProcess.Result built = ChildProcess.run(cmd, Map.of(), 60);
        assertEquals(0, built.exit(), built.output());
    }
}
