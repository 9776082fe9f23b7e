package io.sandwich.api;

/**
 * The widths of a dataset's vectors, which size a model's first and last layers.
 *
 * @param app values per App vector
 * @param l1 values per L1 vector
 * @param l2 values per L2 vector
 */
public record Widths(int app, int l1, int l2) {
}
