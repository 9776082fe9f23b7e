package io.sandwich.backend;

/** An integer vector on a backend: the row order (permutation) of one epoch. */
public interface IndexBuffer {
    /** Number of indices. */
    int length();
}
