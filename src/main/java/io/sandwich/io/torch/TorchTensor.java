package io.sandwich.io.torch;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense tensor from a state_dict: its original torch dtype name, its shape, and its values as float32 in
 * row-major (C-contiguous) order.
 */
public final class TorchTensor {
    private final String dtype;
    private final int[] shape;
    private final float[] data;

    /**
     * A tensor; {@code data} is kept, not copied, and must hold exactly the product of {@code shape} values.
     *
     * @param dtype the torch dtype name without the {@code torch.} prefix, e.g. {@code float32}
     */
    public TorchTensor(String dtype, int[] shape, float[] data) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        Dtype.byName(dtype); // rejects unknown names
        this.dtype = dtype;
        this.shape = shape.clone();
        long n = 1;
        for (int d : this.shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
        this.data = data;
    }

    /** A float32 tensor of the given shape. */
    public static TorchTensor of(float[] data, int... shape) {
        return new TorchTensor("float32", shape, data);
    }

    /** The original torch dtype name, e.g. {@code float32}, {@code bfloat16}, {@code int64}. */
    public String dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code i}. */
    public int dim(int i) {
        return shape[i];
    }

    /** The values, row-major; this is the tensor's own array, not a copy. */
    public float[] data() {
        return data;
    }

    /** The number of values. */
    public int numel() {
        return data.length;
    }

    /** The shape written like {@code [8, 5]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchTensor t && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "TorchTensor(" + dtype + ", " + shapeString() + ")";
    }
}
