package io.sandwich.backend.cuda;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The project's kernels: the committed PTX loaded with {@code cuModuleLoadDataEx} (with the JIT error log), every
 * kernel resolved at once, launched on one stream.
 */
final class CudaKernels {
    /** Resource path of the PTX written by {@code native/build-ptx.sh}. */
    static final String PTX = "/io/sandwich/backend/cuda/sandwich_kernels.ptx";

    /** Room for the JIT compiler's error log. */
    private static final int JIT_LOG_BYTES = 8192;
    private static final int FILL_BLOCK = 256;

    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final CUstream stream;
    private final KernelSignatures signatures;

    CudaKernels(CUstream stream) {
        this.stream = stream;
        byte[] ptx = ptxBytes();
        this.signatures = KernelSignatures.parse(new String(ptx, java.nio.charset.StandardCharsets.US_ASCII));
        byte[] terminated = Arrays.copyOf(ptx, ptx.length + 1); // the driver expects a C string
        // the driver's JIT compiler writes why it refuses the PTX into this buffer, a direct one so that it has
        // an address; its size is passed as the option's value itself, as the driver API wants
        ByteBuffer log = ByteBuffer.allocateDirect(JIT_LOG_BYTES);
        int[] options = {CUjit_option.CU_JIT_ERROR_LOG_BUFFER, CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
        Pointer values = Pointer.to(Pointer.to(log), new Pointer().withByteOffset(JIT_LOG_BYTES));
        try {
            JCudaDriver.cuModuleLoadDataEx(module, Pointer.to(terminated), options.length, options, values);
        } catch (RuntimeException e) {
            String failed = CudaBackendException.message("loading the kernels' PTX (ISA 8.0, sm_75) with"
                    + " cuModuleLoadDataEx", e);
            String why = jitLog(log);
            throw new CudaBackendException(why.isEmpty() ? failed : failed + "; the driver's JIT compiler says: "
                    + why);
        }
        // every kernel now, not on its first launch: with lazy module loading (CUDA 12.2's default) resolving one
        // loads it, which drivers before 12.3 refuse inside a stream capture
        for (String name : signatures.kernels()) {
            CUfunction f = new CUfunction();
            try {
                JCudaDriver.cuModuleGetFunction(f, module, name);
            } catch (RuntimeException e) {
                throw new CudaBackendException("resolving kernel " + name + " of the PTX", e);
            }
            functions.put(name, f);
        }
    }

    /** The text up to the first NUL of the JIT error log, stripped. */
    private static String jitLog(ByteBuffer log) {
        byte[] bytes = new byte[log.capacity()];
        log.get(0, bytes);
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    /** The committed PTX text. */
    static byte[] ptxBytes() {
        try (InputStream in = CudaKernels.class.getResourceAsStream(PTX)) {
            if (in == null) {
                throw new SandwichException("the kernels' PTX resource " + PTX + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SandwichException("could not read " + PTX + ": " + e.getMessage(), e);
        }
    }


    /** Launches {@code name} on {@code grid x block} threads; arguments are device pointers, ints, floats, longs. */
    void launch(String name, String what, int grid, int block, Object... args) {
        signatures.check(name, args);
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof CUdeviceptr p) {
                params[i] = Pointer.to(p);
            } else if (a instanceof Integer v) {
                params[i] = Pointer.to(new int[] {v});
            } else if (a instanceof Float v) {
                params[i] = Pointer.to(new float[] {v});
            } else if (a instanceof Long v) {
                params[i] = Pointer.to(new long[] {v});
            } else if (a == null) {
                params[i] = Pointer.to(new CUdeviceptr()); // a null device pointer
            } else {
                throw new IllegalArgumentException("kernel argument of type " + a.getClass());
            }
        }
        try {
            JCudaDriver.cuLaunchKernel(functions.get(name), Math.max(1, grid), 1, 1, block, 1, 1, 0, stream,
                    Pointer.to(params), null);
        } catch (RuntimeException e) {
            throw new CudaBackendException("kernel " + name + " (" + what + ")", e);
        }
    }

    /** Queues {@code n} floats at {@code p} set to {@code value}, for {@code what}. */
    void fill(CUdeviceptr p, float value, int n, String what) {
        launch("fill", what, blocks(n, FILL_BLOCK), FILL_BLOCK, p, value, n);
    }

    /** Blocks of {@code block} threads covering {@code n} elements. */
    static int blocks(long n, int block) {
        return (int) Math.max(1, (n + block - 1) / block);
    }

    void close() {
        try {
            JCudaDriver.cuModuleUnload(module);
        } catch (RuntimeException e) {
            // the context is going away anyway
        }
    }
}
