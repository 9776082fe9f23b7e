package io.sandwich.backend.cuda;

import io.sandwich.backend.BackendException;
import java.util.Optional;
import java.util.function.IntSupplier;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcusparse.JCusparse;

/**
 * Loads JCuda once per process: turns on its exceptions (a process-wide flag, set here and nowhere else),
 * initialises the driver, and answers whether a usable GPU is present, with the reason when not.
 */
public final class CudaRuntime {
    private static Optional<String> unavailable;
    /** The GPU of the backend open in this JVM, or -1; one at a time (see {@link #claim}). */
    private static int open = -1;

    private CudaRuntime() {
    }

    /** Empty when a GPU and the CUDA libraries load; otherwise one sentence saying why not. */
    public static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    /**
     * Claims the JVM's one GPU backend, for GPU {@code ordinal}: two at once, in one JVM or from two threads, have not
     * run on a real GPU yet, so the second is refused with a sentence until the first closes.
     */
    static synchronized void claim(int ordinal) {
        if (open >= 0) {
            throw new BackendException("a GPU backend (gpu" + open + ") is already open in this JVM; close it (the"
                    + " run or model using it) first, or use another process: two at once have not run on a GPU yet");
        }
        open = ordinal;
    }

    /** Releases the claim of {@link #claim}. */
    static synchronized void release() {
        open = -1;
    }

    private static Optional<String> probe() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCublas2.setExceptionsEnabled(true);
            JCusparse.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) {
                return Optional.of("the CUDA driver reports no GPU");
            }
            // the libraries are linked lazily by JCuda: touching them here makes a missing one fail now
            jcuda.jcublas.cublasHandle blas = new jcuda.jcublas.cublasHandle();
            JCublas2.cublasCreate(blas);
            JCublas2.cublasDestroy(blas);
            jcuda.jcusparse.cusparseHandle sparse = new jcuda.jcusparse.cusparseHandle();
            JCusparse.cusparseCreate(sparse);
            JCusparse.cusparseDestroy(sparse);
            return Optional.empty();
        } catch (UnsatisfiedLinkError e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("JCudaDriver")) {
                return Optional.of("no NVIDIA driver was found (JCuda's driver binding needs libcuda.so.1)");
            }
            return Optional.of("the CUDA libraries did not load (" + firstLine(m) + "); JCuda 12.6 needs"
                    + " libcublas.so.12 and libcusparse.so.12 on the library path (CUDA 12 has both; CUDA 13 has"
                    + " libcusparse.so.12 and libcublas.so.13: put the shim built by native/build-cuda13-shim.sh,"
                    + " a libcublas.so.12 that forwards to it, on LD_LIBRARY_PATH)");
        } catch (Throwable e) {
            return Optional.of("CUDA is not usable here (" + firstLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    /** How many GPUs the driver reports (after {@link #unavailableReason()} found it usable). */
    static int deviceCount() {
        int[] count = new int[1];
        JCudaDriver.cuDeviceGetCount(count);
        return count[0];
    }

    /** The driver's version, as {@code cuDriverGetVersion} reports it (13000 for CUDA 13.0). */
    static int driverVersion() {
        int[] v = new int[1];
        JCudaDriver.cuDriverGetVersion(v);
        return v[0];
    }

    /** A library's version number as it reports it, or "unknown (why)" when asking fails. */
    static String reported(IntSupplier version) {
        try {
            return Integer.toString(version.getAsInt());
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** "NVIDIA H100 ..., compute 9.0, driver 13000" for GPU {@code ordinal}. */
    public static String describe(int ordinal) {
        CUdevice d = new CUdevice();
        JCudaDriver.cuDeviceGet(d, ordinal);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, d);
        int[] major = new int[1];
        int[] minor = new int[1];
        JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d);
        JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d);
        int[] driver = new int[1];
        JCudaDriver.cuDriverGetVersion(driver);
        String n = new String(name, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", "");
        return n + ", compute " + major[0] + "." + minor[0] + ", driver " + driver[0];
    }
}
