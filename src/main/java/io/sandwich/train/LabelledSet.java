package io.sandwich.train;

import io.sandwich.SandwichException;
import io.sandwich.data.CsrMatrix;

/**
 * Inputs and targets of one role in a training stage (train, validation or test rows), with a name for logs.
 *
 * @param name e.g. {@code "val[0..800)"}
 * @param x inputs, one row per user
 * @param y targets, same rows
 */
public record LabelledSet(String name, CsrMatrix x, CsrMatrix y) {
    /** Checks that inputs and targets pair up. */
    public LabelledSet {
        if (x.rows() != y.rows()) {
            throw new SandwichException(name + ": expected as many target rows as input rows (" + x.rows()
                    + "), found " + y.rows());
        }
        if (x.rows() == 0) {
            throw new SandwichException(name + ": expected at least one row, found none");
        }
    }

    /** Number of rows. */
    public int rows() {
        return x.rows();
    }
}
