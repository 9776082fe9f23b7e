package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.Requirement;
import io.sandwich.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
    private static final Path COMMITTED = Path.of("src/main/resources/io/sandwich/backend/cuda/sandwich_kernels.ptx");

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

    /** The sources that launch kernels: every class of the package, one after another. */
    private static String launchingSources() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(Path.of("src/main/java/io/sandwich/backend/cuda"))) {
            for (Path f : files.sorted().toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void everyLaunchedKernelIsThere() throws Exception {
        String src = launchingSources();
        Matcher m = Pattern.compile("\\blaunch\\(\"(\\w+)\"").matcher(src);
        int found = 0;
        while (m.find()) {
            assertTrue(ptx().contains(".entry " + m.group(1) + "("), "kernel " + m.group(1) + " missing from the PTX");
            found++;
        }
        assertTrue(found >= 10, "found only " + found + " launches");
    }

    /**
     * The arguments of every {@code launch("kernel", ...)} call in the source ({@code kernels.launch}, or
     * {@code CudaKernels}' own), the call's text split at top level.
     */
    static List<List<String>> launches(String src) {
        List<List<String>> out = new java.util.ArrayList<>();
        int from = 0;
        while ((from = src.indexOf("launch(\"", from)) >= 0) {
            int i = from + "launch(".length();
            int depth = 0;
            StringBuilder arg = new StringBuilder();
            List<String> args = new java.util.ArrayList<>();
            for (; ; i++) {
                char c = src.charAt(i);
                if (c == '"') { // a string literal, copied whole
                    int end = i + 1;
                    while (src.charAt(end) != '"') {
                        end += src.charAt(end) == '\\' ? 2 : 1;
                    }
                    arg.append(src, i, end + 1);
                    i = end;
                    continue;
                }
                if (depth == 0 && (c == ',' || c == ')')) {
                    args.add(arg.toString().strip());
                    arg.setLength(0);
                    if (c == ')') {
                        break;
                    }
                    continue;
                }
                depth += (c == '(' || c == '[' || c == '{') ? 1 : (c == ')' || c == ']' || c == '}') ? -1 : 0;
                arg.append(c);
            }
            out.add(args);
            from = i;
        }
        return out;
    }

    @Test
    void everyLaunchPassesAsManyArgumentsAsItsKernelTakes() throws Exception {
        KernelSignatures sig = KernelSignatures.parse(ptx());
        List<List<String>> calls = launches(launchingSources());
        // every kernel of the PTX is launched (so the parser found the launches, and no kernel is left unused)
        assertEquals(new TreeSet<>(sig.kernels()),
                new TreeSet<>(calls.stream().map(c -> c.get(0).replace("\"", "")).toList()));
        for (List<String> call : calls) {
            String kernel = call.get(0).replace("\"", "");
            List<String> params = sig.of(kernel);
            assertTrue(params != null, "kernel " + kernel + " missing from the PTX");
            // name, what, grid, block, then one argument per kernel parameter
            assertEquals(params.size(), call.size() - 4, "kernel " + kernel + " takes " + params + "; the launch"
                    + " passes " + call.subList(4, call.size()));
            for (int i = 4; i < call.size(); i++) {
                String a = call.get(i);
                String type = params.get(i - 4);
                if (a.matches("-?\\d+L") || a.equals("null") || a.endsWith(".ptr") || a.startsWith("counterOf(")) {
                    assertTrue(type.endsWith("64"), kernel + " argument " + (i - 4) + " (" + a + ") is 64-bit, the"
                            + " kernel reads ." + type);
                } else if (a.matches("-?\\d+(\\.\\d+)?f")) {
                    assertEquals("f32", type, kernel + " argument " + (i - 4) + " (" + a + ")");
                } else if (a.matches("-?\\d+") || a.endsWith(".size()") || a.endsWith(".rows()")
                        || a.endsWith(".cols()") || a.endsWith(".length()") || a.endsWith(".base()")
                        || a.endsWith(".stride()")) {
                    assertTrue(type.endsWith("32") && !type.equals("f32"), kernel + " argument " + (i - 4) + " ("
                            + a + ") is an int, the kernel reads ." + type);
                }
            }
        }
    }

    @Test
    void launchArgumentsAreCheckedAgainstTheKernelsTypes() {
        KernelSignatures sig = KernelSignatures.parse(ptx());
        assertEquals(List.of("u64", "u64"), sig.of("counter_set"));
        sig.check("counter_set", new Object[] {null, 3L});
        CudaBackendException few = org.junit.jupiter.api.Assertions.assertThrows(CudaBackendException.class,
                () -> sig.check("counter_set", new Object[] {null}));
        assertTrue(few.getMessage().contains("expected 2 arguments, found 1"), few.getMessage());
        CudaBackendException narrow = org.junit.jupiter.api.Assertions.assertThrows(CudaBackendException.class,
                () -> sig.check("counter_set", new Object[] {null, 3}));
        assertTrue(narrow.getMessage().contains("argument 1 should be .u64, found Integer"), narrow.getMessage());
        CudaBackendException missing = org.junit.jupiter.api.Assertions.assertThrows(CudaBackendException.class,
                () -> sig.check("no_such_kernel", new Object[0]));
        assertTrue(missing.getMessage().contains("not in the PTX"), missing.getMessage());
    }

    /** NVIDIA's PTX assembler, from the PATH or beside nvcc; empty where neither is installed. */
    private static java.util.Optional<String> ptxas() throws Exception {
        ChildProcess.Result found = ChildProcess.run(List.of("sh", "-c",
                "command -v ptxas || { n=$(command -v nvcc) && ls \"${n%/*}/ptxas\"; }"), Map.of(), 10);
        return found.exit() == 0 ? found.output().lines().findFirst() : java.util.Optional.empty();
    }

    /** ptxas on {@code ptx} for {@code arch}. */
    private ChildProcess.Result assemble(String ptxas, Path ptx, String arch) throws Exception {
        return ChildProcess.run(List.of(ptxas, "-arch=" + arch, "-o", tmp.resolve(arch + ".cubin").toString(),
                ptx.toString()), Map.of(), 120);
    }

    /**
     * The committed PTX assembles for the oldest and a current GPU generation with NVIDIA's own assembler, which
     * refuses any instruction or type newer than the file's {@code .version} (checked here with a planted ISA 8.3
     * type), so the lowered header does not claim an ISA the code goes beyond.
     */
    @Test
    void committedPtxAssemblesUnderItsOwnIsaVersion() throws Exception {
        java.util.Optional<String> ptxas = ptxas();
        Requirement.NVCC.assume(ptxas.isPresent(), "ptxas is not installed here");
        Path ptx = tmp.resolve("k.ptx");
        Files.write(ptx, CudaKernels.ptxBytes());
        for (String arch : List.of("sm_75", "sm_90")) {
            ChildProcess.Result r = assemble(ptxas.get(), ptx, arch);
            assertEquals(0, r.exit(), "ptxas -arch=" + arch + " refused the committed PTX:\n" + r.output());
        }
        // the same header with one ld of a .b128 register (PTX ISA 8.3) is refused: the check above can fail
        String planted = ptx().replaceFirst("(?m)^(\\.visible \\.entry counter_set\\()",
                ".visible .entry planted(.param .u64 planted_p)\n{\n\t.reg .b64 %rd<2>;\n\t.reg .b128 %q<2>;\n"
                        + "\tld.param.u64 %rd1, [planted_p];\n\tld.global.b128 %q1, [%rd1];\n\tret;\n}\n\n$1");
        Path bad = tmp.resolve("planted.ptx");
        Files.writeString(bad, planted);
        ChildProcess.Result r = assemble(ptxas.get(), bad, "sm_90");
        assertTrue(r.exit() != 0 && r.output().contains("requires PTX ISA"), "ptxas accepted a .b128 load under"
                + " .version 8.0:\n" + r.output());
    }

    /**
     * No float arithmetic rounds a multiply and an add once, as a contracted {@code fma} does: the CPU backend and the
     * simulator round each operation, so a fused Adam step would differ from both by up to an ulp a step. The
     * committed PTX is built with {@code -fmad=false}. The double fmas left are libdevice's own, inside {@code exp}
     * and {@code log} of the soft-ce loss, which no backend computes bit for bit like another.
     */
    @Test
    void noFloatKernelFusesAMultiplyAndAnAdd() {
        List<String> fused = ptx().lines().filter(l -> l.strip().startsWith("fma.rn.f32")).toList();
        assertEquals(List.of(), fused, "fused multiply-adds in the committed PTX; is native/build-ptx.sh's"
                + " -fmad=false gone?");
    }

    @Test
    void committedPtxIsCurrent() throws Exception {
        Requirement.NVCC.assume(ChildProcess.has("nvcc"), "nvcc is not installed here");
        Path fresh = tmp.resolve("k.ptx");
        ChildProcess.Result built = ChildProcess.run(List.of("bash", "native/build-ptx.sh", fresh.toString()),
                Map.of(), 300);
        assertEquals(0, built.exit(), built.output());
        // the committed file, which builds without nvcc ship (the build replaces it in target/classes where nvcc is)
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(COMMITTED),
                "src/main/resources/.../sandwich_kernels.ptx is stale: run native/build-ptx.sh and commit it");
        assertArrayEquals(Files.readAllBytes(fresh), CudaKernels.ptxBytes(), "the PTX the build put in the jar");
    }
}
