package io.sandwich.backend;

/**
 * The part every backend's {@link SparseBatch} shares: room for {@link #maxRows()} rows of up to {@link #width()}
 * stored entries each (the widest row of the matrix the batch was made for), {@link #cols()} wide, and the number
 * of rows the last gather filled. Subclasses add the storage.
 */
public abstract class FixedSparseBatch implements SparseBatch {
    private final int cols;
    private final int maxRows;
    private final int width;
    private int rows;

    /** An empty batch of {@code maxRows} rows of {@code width} entries, {@code cols} wide. */
    protected FixedSparseBatch(int cols, int maxRows, int width) {
        this.cols = cols;
        this.maxRows = maxRows;
        this.width = width;
    }

    @Override
    public final int rows() {
        return rows;
    }

    @Override
    public final int cols() {
        return cols;
    }

    /** The most rows a gather may fill. */
    public final int maxRows() {
        return maxRows;
    }

    /** The most stored entries a gathered row may have. */
    public final int width() {
        return width;
    }

    /** Records how many rows a gather filled: for the backend that owns the batch. */
    public final void filled(int rows) {
        this.rows = rows;
    }
}
