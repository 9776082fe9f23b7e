package io.sandwich.backend.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The CPU backend's native kernels, {@code native/cpu/sandwich_cpu.c}: Adam and the elementwise passes, on the
 * tensors' addresses, which the build compiles with gcc into the jar ({@code native/build-cpu.sh}). Loaded once, from
 * the classes' folder or from a temporary copy out of the jar (deleted once loaded). Where the library is missing
 * (built without gcc, another OS or architecture), fails to load, or the system property
 * {@code sandwich.cpu.native=false} turns it off, the Java kernels run instead, to the same bits.
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
        return loaded() ? LIBRARY + " (Adam, bias add, ReLU backward, multiply, bias gradient)"
                : "not used: " + UNAVAILABLE;
    }

    /**
     * Adam on {@code n} floats at the given addresses, as {@link CpuKernels#adam} element by element: parameters
     * {@code p} and moments {@code m}, {@code v} updated in place from gradients {@code g}.
     */
    static native void adam(long p, long g, long m, long v, long n, float b1, float b2, float wd, float eps,
            float oneMinusB1, float oneMinusB2, float stepSize, float bc2Sqrt);

    /** As {@link CpuKernels#addBias} on {@code z} [rows, cols] and {@code bias} [cols]. */
    static native void addBias(long z, long rows, long cols, long bias, boolean relu);

    /** As {@link CpuKernels#reluBackward}. */
    static native void reluBackward(long grad, long out, long n);

    /** As {@link CpuKernels#multiply}. */
    static native void multiply(long x, long y, long n);

    /** As {@link CpuKernels#dropout} on elements {@code [from, to)} of {@code x} and {@code mask}. */
    static native void dropout(long x, long mask, long from, long to, float p, long seed, long counter);

    /** As {@link CpuKernels#biasGradient}, on {@code grad} [rows, cols] into {@code dbias} [cols]. */
    static native void biasGradient(long grad, long rows, long cols, float beta, long dbias);

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
