package io.sandwich.backend;

/**
 * A dense row-major float matrix owned by a {@link Backend}; views share storage with the tensor they were cut
 * from.
 */
public interface Tensor {
    /** Number of rows. */
    int rows();

    /** Number of columns. */
    int cols();

    /** rows x cols. */
    default int size() {
        return rows() * cols();
    }

    /** "[rows, cols]", for error messages. */
    default String shape() {
        return "[" + rows() + ", " + cols() + "]";
    }
}
