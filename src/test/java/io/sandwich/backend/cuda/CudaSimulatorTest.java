package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.Requirement;
import io.sandwich.ChildProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU backend without a GPU: builds the CUDA simulator ({@code native/cudasim}: libcuda, cuBLAS and cuSPARSE
 * stand-ins that run the project's own kernels, compiled for the host, and record and replay CUDA graphs) and runs
 * every {@code gpu}-tagged test in a child JVM against it, through JCuda's real natives and the CUDA 13 shim. This
 * checks what the real driver would only reveal on a GPU machine: every kernel launch's arguments against the
 * kernel's signature and code, the cuBLAS and cuSPARSE calls' shapes and leading dimensions, memory bounds (each
 * allocation ends at a guard page), stream order (work runs only when the host waits for its stream, and the legacy
 * stream is not ordered with the backend's non-blocking one), stream capture (anything that would wait or allocate
 * while capturing is refused) and the numbers against the CPU backend. What it cannot check: the real driver's JIT of
 * the PTX, real GPU timing, races between streams running at once, TF32 rounding.
 */
class CudaSimulatorTest {
    @TempDir
    static Path built;
    /** The simulator's libraries, built once for all tests; each plants its faults with environment variables. */
    private static Path libraries;

    @TempDir
    Path tmp;

    private static synchronized Path simulator() throws Exception {
        if (libraries == null) {
            for (String tool : new String[] {"g++", "gcc", "objdump", "unzip"}) {
                Requirement.SIMULATOR.assume(ChildProcess.has(tool), tool + " is needed to build the CUDA simulator");
            }
            Path out = built.resolve("cudasim");
            ChildProcess.Result r = ChildProcess.run(List.of("bash", "native/cudasim/build.sh", out.toString()),
                    Map.of(), 300);
            assertEquals(0, r.exit(), r.output());
            libraries = out;
        }
        return libraries;
    }

    @Test
    void theGpuSuitePassesOnTheCudaSimulator() throws Exception {
        Path sim = simulator();

        ChildProcess.Result suite = ChildProcess.run(ChildProcess.java(GpuSuite.class, "-Xmx2g"),
                Map.of("LD_LIBRARY_PATH", sim.toString(), "CUDASIM_STATS", "1"), 900);
        assertEquals(0, suite.exit(), suite.output());
        assertTrue(suite.output().contains("gpu suite: passed"), suite.output());
        suite.output().lines().filter(l -> l.startsWith("gpu suite:") || l.startsWith("cudasim:"))
                .forEach(System.out::println); // into the build's log: what ran on the simulator
        Matcher m = Pattern.compile("cudasim: (\\d+) kernels run, (\\d+) launches captured, (\\d+) graphs"
                + " instantiated, (\\d+) graph launches").matcher(suite.output());
        assertTrue(m.find(), "no simulator statistics: " + suite.output());
        assertTrue(Long.parseLong(m.group(4)) > 0, "training replayed CUDA graphs: " + m.group());
    }

    @Test
    void spmmThatThisCusparseRefusesFallsBackToTheDenseInputWithOneLine() throws Exception {
        Path sim = simulator();
        // refused when asked for the workspace size (1), and only in the product itself (run)
        for (String refuse : List.of("1", "run")) {
            List<String> cmd = new java.util.ArrayList<>(ChildProcess.java(io.sandwich.cli.Main.class, "-Xmx1g"));
            cmd.addAll(List.of("train", "--model", "app2l1", "--epochs", "1", "--hidden", "16,16", "--device", "gpu",
                    "--spmm", "--quiet", "--out", tmp.resolve("run-" + refuse).toString()));
            ChildProcess.Result run = ChildProcess.run(cmd, Map.of("LD_LIBRARY_PATH", sim.toString(),
                    "CUDASIM_REFUSE_SPMM", refuse), 300);
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("--spmm: cuSPARSE 12600 refuses S W^T with W row-major"
                    + " (CUSPARSE_STATUS_NOT_SUPPORTED); the sparse App input goes through the dense GEMM instead"),
                    refuse + ": " + run.output());
            assertTrue(run.output().contains("test: accuracy"), "trained on: " + run.output());
        }
    }

    /**
     * A driver that refuses to instantiate the captured steps (planted with CUDASIM_FAIL_CAPTURE): the run says so
     * once per batch shape, goes on eagerly, and scores exactly what a run without graphs scores.
     */
    @Test
    void aCaptureTheDriverRefusesFallsBackToEagerStepsWithTheSameNumbers() throws Exception {
        Path sim = simulator();
        String[] tests = new String[2];
        for (int r = 0; r < 2; r++) {
            List<String> cmd = new java.util.ArrayList<>(ChildProcess.java(io.sandwich.cli.Main.class, "-Xmx1g"));
            cmd.addAll(List.of("train", "--model", "app2l1", "--epochs", "2", "--hidden", "16,16", "--device", "gpu",
                    "--quiet", "--out", tmp.resolve("capture-" + r).toString()));
            if (r == 1) {
                cmd.add("--no-graphs");
            }
            ChildProcess.Result run = ChildProcess.run(cmd, r == 0 ? Map.of("LD_LIBRARY_PATH", sim.toString(),
                    "CUDASIM_FAIL_CAPTURE", "1") : Map.of("LD_LIBRARY_PATH", sim.toString()), 300);
            assertEquals(0, run.exit(), run.output());
            Matcher test = Pattern.compile("test: accuracy \\S+, top-5 \\S+, loss \\S+").matcher(run.output());
            assertTrue(test.find(), run.output());
            tests[r] = test.group();
            if (r == 0) {
                assertTrue(run.output().contains("instantiating the graph of a training step of")
                        && run.output().contains("CUDA_ERROR_NOT_SUPPORTED")
                        && run.output().contains("runs without a graph from here on"), run.output());
            }
        }
        assertEquals(tests[1], tests[0], "the eager fallback scores as a run without graphs");
    }

    /** A PTX the JIT compiler refuses (planted with CUDASIM_REFUSE_PTX) is refused with the driver's reason. */
    @Test
    void aRefusedPtxNamesTheDriversReason() throws Exception {
        Path sim = simulator();
        List<String> cmd = new java.util.ArrayList<>(ChildProcess.java(io.sandwich.cli.Main.class, "-Xmx1g"));
        cmd.addAll(List.of("train", "--model", "app2l1", "--epochs", "1", "--device", "gpu", "--quiet", "--out",
                tmp.resolve("refused-ptx").toString()));
        ChildProcess.Result run = ChildProcess.run(cmd, Map.of("LD_LIBRARY_PATH", sim.toString(),
                "CUDASIM_REFUSE_PTX", "1"), 300);
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("error: loading the kernels' PTX (ISA 8.0, sm_75) with cuModuleLoadDataEx"
                + " failed on the GPU: CUDA_ERROR_INVALID_PTX; the driver's JIT compiler says: ptxas fatal: planted"
                + " refusal (CUDASIM_REFUSE_PTX)"), run.output());
    }
}
