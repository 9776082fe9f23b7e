package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    @Test
    void jcudaNativesLoadThroughTheShimAndReachTheCuda13Library() throws Exception {
        assumeTrue(ChildProcess.has("gcc") && ChildProcess.has("objdump") && ChildProcess.has("unzip"),
                "gcc, objdump and unzip are needed to build the shim");
        Path shim = tmp.resolve("shim");
        ChildProcess.Result built = ChildProcess.run(List.of("bash", "native/build-cuda13-shim.sh", shim.toString(),
                "--self-test"), Map.of(), 120);
        assertEquals(0, built.exit(), built.output());
        Path fake = tmp.resolve("fake13");
        Files.createDirectories(fake);
        Files.writeString(fake.resolve("c.c"), "int cublasCreate_v2(void **h) { *h = (void *) 0x1234; return 0; }\n"
                + "int cublasDestroy_v2(void *h) { return h == (void *) 0x1234 ? 0 : 7; }\n");
        ChildProcess.Result fakeBuilt = ChildProcess.run(List.of("gcc", "-shared", "-fPIC", "-o",
                fake.resolve("libcublas.so.13").toString(), "-Wl,-soname,libcublas.so.13", fake.resolve("c.c").toString()),
                Map.of(), 60);
        assertEquals(0, fakeBuilt.exit(), fakeBuilt.output());
        List<String> java = ChildProcess.java(ShimProbe.class);

        ChildProcess.Result with = ChildProcess.run(java, Map.of("LD_LIBRARY_PATH", shim + ":" + fake), 120);
        assertEquals(0, with.exit(), with.output());
        assertTrue(with.output().contains("created=0 destroyed=0"), with.output());
        assertTrue(with.output().contains("0x1234"), "the handle came from the .so.13 stand-in: " + with.output());

        ChildProcess.Result without = ChildProcess.run(java, Map.of("LD_LIBRARY_PATH", fake.toString()), 120);
        assertTrue(without.exit() != 0 && without.output().contains("UnsatisfiedLinkError"), without.output());
    }
}
