package io.sandwich.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/** Every device allocation of a backend, freed together (in reverse order) when the scope closes. */
final class DeviceMemory implements AutoCloseable {
    private final List<CUdeviceptr> owned = new ArrayList<>();
    private long bytes;

    /** {@code count} elements of {@code elementBytes}, zeroed. */
    CUdeviceptr allocate(long count, int elementBytes, String what) {
        CUdeviceptr p = new CUdeviceptr();
        long size = Math.max(1, count) * elementBytes;
        try {
            JCudaDriver.cuMemAlloc(p, size);
            JCudaDriver.cuMemsetD8(p, (byte) 0, size);
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
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.FLOAT);
        return p;
    }

    CUdeviceptr upload(int[] host, String what) {
        CUdeviceptr p = ints(host.length, what);
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(host), (long) host.length * Sizeof.INT);
        return p;
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
