package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.BackendInfo;
import io.sandwich.backend.Backends;
import io.sandwich.backend.Device;
import io.sandwich.io.ElfVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Looks at this machine for {@link Sandwich#doctor}: nothing is changed, and a missing GPU is not an error. */
final class Doctor {
    /** The libraries JCuda 12.6's natives load, and CUDA 13's cuBLAS that the shim forwards to. */
    private static final List<String> CUDA_LIBRARIES = List.of("libcuda.so.1", "libcublas.so.12", "libcublas.so.13",
            "libcusparse.so.12");

    private Doctor() {
    }

    static DoctorReport examine() {
        String blas;
        String vector;
        String nativeKernels;
        try (Backend cpu = Backends.open(Device.cpu(), Backends.Options.cpu(0), line -> { })) {
            blas = cpu.info().libraries().get("openblas");
            vector = cpu.info().libraries().get("jdk.incubator.vector");
            nativeKernels = cpu.info().libraries().get("native");
        }
        String bf16;
        Backends.Options withBf16 = new Backends.Options(0, false, true, false, true);
        try (Backend cpu = Backends.open(Device.cpu(), withBf16, line -> { })) {
            bf16 = "yes, oneDNN " + cpu.info().libraries().get("onednn");
        } catch (SandwichException e) {
            bf16 = "no: " + e.getMessage();
        }
        String coretype = Optional.ofNullable(System.getenv("OPENBLAS_CORETYPE")).map(t -> t + " (forced)")
                .orElse("not set (OpenBLAS picks the core type)");
        Map<String, String> libraries = new LinkedHashMap<>();
        List<Path> folders = libraryFolders();
        for (String lib : CUDA_LIBRARIES) {
            libraries.put(lib, folders.stream().map(f -> f.resolve(lib)).filter(Files::exists).findFirst()
                    .map(Doctor::describe).orElse("not found"));
        }
        Optional<String> why = Backends.gpuUnavailableReason();
        List<String> gpus = new ArrayList<>();
        String auto;
        if (why.isPresent()) {
            gpus.add("none usable: " + why.get());
            auto = "cpu, because " + why.get();
        } else {
            for (int i = 0; i < Backends.gpuCount(); i++) { // opening a backend loads the PTX on its device
                try (Backend b = Backends.open(Device.gpu(i), Backends.Options.cpu(0), line -> { })) {
                    BackendInfo info = b.info();
                    gpus.add(info.device() + ": " + info.detail() + ", " + info.libraries() + "; our PTX loaded");
                } catch (RuntimeException e) {
                    gpus.add("gpu" + i + ": did not open (" + e.getMessage() + ")");
                }
            }
            auto = "gpu0, because a GPU and the CUDA libraries load";
        }
        return new DoctorReport(System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                Runtime.getRuntime().availableProcessors(), blas, coretype, vector, nativeKernels, bf16,
                libraries, shim(libraries), gpus, auto);
    }

    /** A library's path and the symbol version nodes it defines (which CUDA major version it is). */
    private static String describe(Path library) {
        if (library.getFileName().toString().startsWith("libcuda.")) {
            return library.toString(); // the driver's versions say nothing about which CUDA JCuda can bind
        }
        try {
            List<String> nodes = ElfVersions.defined(library);
            return library + (nodes.isEmpty() ? " (defines no symbol versions)"
                    : " (defines " + String.join(", ", nodes) + ")");
        } catch (RuntimeException e) {
            return library + " (" + e.getMessage() + ")";
        }
    }

    private static String shim(Map<String, String> found) {
        boolean has12 = !found.get("libcublas.so.12").equals("not found");
        boolean has13 = !found.get("libcublas.so.13").equals("not found");
        String at12 = found.get("libcublas.so.12").replaceFirst(" \\(.*", "");
        if (!has13 && !has12) {
            return "not needed (no cuBLAS found)";
        }
        if (!has13) {
            return "not needed (CUDA 12's libcublas.so.12 is here)";
        }
        if (has12) {
            return "libcublas.so.12 and .so.13 are both found; JCuda binds to " + at12
                    + " (the shim, if it is the one built by native/build-cuda13-shim.sh)";
        }
        return "needed: only CUDA 13's libcublas.so.13 is here; put the folder native/build-cuda13-shim.sh writes"
                + " first on LD_LIBRARY_PATH";
    }

    /** LD_LIBRARY_PATH's folders, then the linker cache's, then the usual CUDA install. */
    private static List<Path> libraryFolders() {
        List<Path> folders = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isEmpty()) {
                    folders.add(Path.of(d));
                }
            }
        }
        for (String line : ldconfigCache()) {
            int arrow = line.lastIndexOf("=> ");
            if (arrow > 0) {
                Path parent = Path.of(line.substring(arrow + 3).trim()).getParent();
                if (parent != null && !folders.contains(parent)) {
                    folders.add(parent);
                }
            }
        }
        folders.add(Path.of("/usr/local/cuda/lib64"));
        return folders;
    }

    /** {@code ldconfig -p}'s lines, or none where it cannot run. */
    private static List<String> ldconfigCache() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return out.lines().toList();
                }
            } catch (IOException e) {
                // try the next place
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }
}
