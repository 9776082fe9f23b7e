package io.sandwich.backend;

/**
 * A whole sparse data matrix (an App, L1 or L2 vector set) resident on a backend for the length of a run, from
 * which batches are gathered.
 */
public interface DeviceMatrix {
    /** Number of rows (users). */
    int rows();

    /** Width of each row. */
    int cols();

    /** Largest number of stored entries in any row (sizes sparse batches). */
    int maxRowNnz();
}
