package io.sandwich.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * Every device allocation of a backend, freed together (in reverse order) when the scope closes. Allocations are
 * zeroed and filled on the backend's stream, never with the driver's "synchronous" memset or host-to-device copy:
 * those run on the legacy default stream and may still be in flight when the function returns, and a stream
 * created non-blocking does not wait for them.
 */
final class DeviceMemory implements AutoCloseable {
    private final List<CUdeviceptr> owned = new ArrayList<>();
    private final CUstream stream;
    private long bytes;

    DeviceMemory(CUstream stream) {
        this.stream = stream;
    }

    /** {@code count} elements of {@code elementBytes}, zeroed. */
    CUdeviceptr allocate(long count, int elementBytes, String what) {
        CUdeviceptr p = new CUdeviceptr();
        long size = Math.max(1, count) * elementBytes;
        try {
            JCudaDriver.cuMemAlloc(p, size);
            JCudaDriver.cuMemsetD8Async(p, (byte) 0, size, stream);
        } catch (RuntimeException e) {
            throw new CudaBackendException("allocating " + size + " bytes for " + what + " (" + bytes
                    + " bytes held)", e);
        }
        owned.add(p);
        bytes += size;
        return p;
    }

    CUdeviceptr floats(long count, String what) {
        return allocate(count, Sizeof.FLOAT, what);
    }

    CUdeviceptr ints(long count, String what) {
        return allocate(count, Sizeof.INT, what);
    }

    CUdeviceptr upload(float[] host, String what) {
        CUdeviceptr p = floats(host.length, what);
        copyIn(p, Pointer.to(host), (long) host.length * Sizeof.FLOAT, what);
        return p;
    }

    CUdeviceptr upload(int[] host, String what) {
        CUdeviceptr p = ints(host.length, what);
        copyIn(p, Pointer.to(host), (long) host.length * Sizeof.INT, what);
        return p;
    }

    /**
     * Copies host memory to the device in the stream's order: work queued after it sees the values. The host
     * array (pageable) is staged by the driver before the call returns, so it may be reused at once.
     */
    void copyIn(CUdeviceptr dst, Pointer src, long byteCount, String what) {
        try {
            JCudaDriver.cuMemcpyHtoDAsync(dst, src, byteCount, stream);
        } catch (RuntimeException e) {
            throw new CudaBackendException("copying " + byteCount + " bytes to the GPU for " + what, e);
        }
    }

    /** A mark to free back to: the number of allocations so far. */
    int mark() {
        return owned.size();
    }

    /** Frees, newest first, every allocation made after {@code mark}. */
    void freeTo(int mark) {
        for (int i = owned.size() - 1; i >= mark; i--) {
            CUdeviceptr p = owned.remove(i);
            try {
                JCudaDriver.cuMemFree(p);
            } catch (RuntimeException e) {
                // keep freeing the rest
            }
        }
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                JCudaDriver.cuMemFree(owned.get(i));
            } catch (RuntimeException e) {
                // keep freeing the rest; the context is going away anyway
            }
        }
        owned.clear();
        bytes = 0;
    }
}
