package io.sandwich.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sandwich.SandwichException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Opening a backend for a request: the providers found at run time, {@code auto}, and the refusals. */
class BackendsTest {
    private static final Backends.Options CPU = Backends.Options.cpu(1);

    @Test
    void theProvidersAreFoundAtRunTimeBestFirst() {
        List<String> names = Backends.providers().stream().map(p -> p.name() + ":" + p.kind()).toList();
        assertEquals(List.of("cuda:GPU", "cpu:CPU"), names);
    }

    @Test
    void cpuOpensTheCpuBackendSilently() {
        List<String> notices = new ArrayList<>();
        try (Backend b = Backends.open(" cpu", CPU, notices::add)) {
            assertEquals(Device.cpu(), b.device());
        }
        assertEquals(List.of(), notices);
    }

    @Test
    void autoSaysWhichDeviceItChoseAndWhy() {
        List<String> notices = new ArrayList<>();
        Optional<String> why = Backends.gpuUnavailableReason();
        try (Backend b = Backends.open("auto", CPU, notices::add)) {
            if (why.isPresent()) {
                assertEquals(Device.cpu(), b.device());
                assertEquals(List.of("device auto: using cpu (" + why.get() + ")"), notices);
            } else {
                assertEquals(Device.gpu(0), b.device());
                assertEquals(List.of("device auto: using gpu0 (" + b.info().detail() + ")"), notices);
            }
        }
    }

    @Test
    void anUnusableGpuIsRefusedWithTheReason() {
        Optional<String> why = Backends.gpuUnavailableReason();
        assumeTrue(why.isPresent(), "a GPU works here");
        for (String request : List.of("gpu", "cuda:0")) {
            BackendException e = assertThrows(BackendException.class, () -> Backends.open(request, CPU, s -> { }));
            assertEquals("device gpu0 requested, but " + why.get() + "; use device cpu (or auto)", e.getMessage());
        }
    }

    @Test
    void anUnknownDeviceIsRefusedWithTheChoices() {
        SandwichException e = assertThrows(SandwichException.class, () -> Backends.open("tpu0", CPU, s -> { }));
        assertEquals("expected a device among cpu, gpu, gpuN, auto, found \"tpu0\"", e.getMessage());
    }

    @Test
    void theBackendPackageNamesNoImplementation() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("src/main/java/io/sandwich/backend");
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = java.nio.file.Files.readString(f);
                assertTrue(!text.contains("import io.sandwich.backend.cpu.")
                        && !text.contains("import io.sandwich.backend.cuda."), f + " imports an implementation");
            }
        }
    }
}
