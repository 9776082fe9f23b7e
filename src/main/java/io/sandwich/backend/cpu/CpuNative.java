package io.sandwich.backend.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The CPU backend's native kernels, {@code native/cpu/sandwich_cpu.c}, which the build compiles with gcc into the
 * jar ({@code native/build-cpu.sh}): loaded once, from the classes' folder or from a temporary copy out of the jar
 * (deleted once loaded). Where the library is missing (built without gcc, another OS or architecture), fails to
 * load, or the system property {@code sandwich.cpu.native=false} turns it off, the Java kernels run instead, to the
 * same bits.
 */
final class CpuNative {
    /** The library's resource name beside this class. */
    static final String LIBRARY = "libsandwich_cpu.so";

    /** Null once loaded, else why not. */
    private static final String UNAVAILABLE = load();

    private CpuNative() {
    }

    /** Whether the native kernels are loaded. */
    static boolean loaded() {
        return UNAVAILABLE == null;
    }

    /** What runs the native kernels, or why they do not, for the backend's libraries. */
    static String describe() {
        return loaded() ? LIBRARY + " (Adam)" : "not used: " + UNAVAILABLE;
    }

    /**
     * Adam on {@code n} floats at the given addresses, as {@link CpuKernels#adam} element by element: parameters
     * {@code p} and moments {@code m}, {@code v} updated in place from gradients {@code g}.
     */
    static native void adam(long p, long g, long m, long v, long n, float b1, float b2, float wd, float eps,
            float oneMinusB1, float oneMinusB2, float stepSize, float bc2Sqrt);

    private static String load() {
        if ("false".equals(System.getProperty("sandwich.cpu.native"))) {
            return "off (-Dsandwich.cpu.native=false)";
        }
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return "built for Linux on x86-64 only";
        }
        URL url = CpuNative.class.getResource(LIBRARY);
        if (url == null) {
            return LIBRARY + " is not in the jar (gcc was missing where it was built)";
        }
        try {
            if ("file".equals(url.getProtocol())) {
                System.load(Path.of(url.toURI()).toString());
            } else {
                Path copy = Files.createTempFile("sandwich_cpu", ".so");
                try (InputStream in = url.openStream()) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                    System.load(copy.toString());
                } finally {
                    Files.deleteIfExists(copy);
                }
            }
            return null;
        } catch (IOException | URISyntaxException | UnsatisfiedLinkError | SecurityException e) {
            return LIBRARY + " did not load: " + e.getMessage();
        }
    }
}
