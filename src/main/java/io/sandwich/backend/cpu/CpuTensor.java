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
    /** A tensor over {@code bytes} (position 0, limit {@code 4 * rows * cols}). */
    static CpuTensor of(ByteBuffer bytes, int rows, int cols) {
        ByteBuffer b = bytes.order(ByteOrder.nativeOrder());
        return new CpuTensor(b, b.asFloatBuffer(), new Pointer(b).address(), rows, cols);
    }

    @Override
    public String toString() {
        return "CpuTensor" + shape();
    }
}
