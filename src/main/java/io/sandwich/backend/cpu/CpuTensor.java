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
    /** A new tensor of zeros (its address asked of the buffer once). */
    static CpuTensor allocate(int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * rows * cols);
        return of(b, new Pointer(b).address(), rows, cols);
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
