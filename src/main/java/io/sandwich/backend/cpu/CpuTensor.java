package io.sandwich.backend.cpu;

import io.sandwich.backend.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Pointer;

/**
 * A CPU tensor: a row-major window of direct memory, seen as bytes (for {@link CpuVectorKernels}) and as floats
 * (for OpenBLAS and bulk copies), both at position 0 with limit = size.
 *
 * @param bytes the elements' bytes, in native order
 * @param buf the elements
 * @param address where the elements start, for OpenBLAS's calls on parts of them ({@link CpuGemm})
 * @param rows number of rows
 * @param cols number of columns
 */
record CpuTensor(ByteBuffer bytes, FloatBuffer buf, long address, int rows, int cols) implements Tensor {
    /** Where tensors start: a cache line, so that no 64-byte vector of a kernel straddles two. */
    static final int ALIGNMENT = 64;

    /** A new tensor of zeros, starting on a cache line (its address asked of the buffer once). */
    static CpuTensor allocate(int rows, int cols) {
        ByteBuffer raw = ByteBuffer.allocateDirect(4 * rows * cols + ALIGNMENT);
        long address = new Pointer(raw).address();
        int pad = (int) ((ALIGNMENT - address % ALIGNMENT) % ALIGNMENT);
        return of(raw.slice(pad, 4 * rows * cols), address + pad, rows, cols);
    }

    /** A [rows, cols] window of this tensor's memory from element {@code offset} on. */
    CpuTensor view(int offset, int rows, int cols) {
        return of(bytes.slice(4 * offset, 4 * rows * cols), address + 4L * offset, rows, cols);
    }

    private static CpuTensor of(ByteBuffer bytes, long address, int rows, int cols) {
        ByteBuffer b = bytes.order(ByteOrder.nativeOrder());
        return new CpuTensor(b, b.asFloatBuffer(), address, rows, cols);
    }

    @Override
    public String toString() {
        return "CpuTensor" + shape();
    }
}
