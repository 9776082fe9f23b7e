package io.sandwich.backend;

/**
 * A batch of sparse rows (CSR) on a backend, filled by {@link Backend#gatherSparse}; it has a fixed row and
 * non-zero capacity, and {@link #rows()} tells how many rows the last gather filled.
 */
public interface SparseBatch {
    /** Rows filled by the last gather. */
    int rows();

    /** Width of each row. */
    int cols();
}
