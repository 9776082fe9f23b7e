package io.sandwich.train;

import io.sandwich.SandwichException;
import io.sandwich.data.CsrMatrix;

/**
 * Inputs with two target matrices (L1 and L2) for the same rows: what the bi-directional model learns from.
 *
 * @param name rows, for logs
 * @param x inputs (App)
 * @param y1 first targets (L1)
 * @param y2 second targets (L2)
 */
public record DualSet(String name, CsrMatrix x, CsrMatrix y1, CsrMatrix y2) {
    /** Checks that the rows pair up. */
    public DualSet {
        if (x.rows() != y1.rows() || x.rows() != y2.rows()) {
            throw new SandwichException(name + ": expected " + x.rows() + " rows of L1 and L2 targets, found "
                    + y1.rows() + " and " + y2.rows());
        }
        if (x.rows() == 0) {
            throw new SandwichException(name + ": expected at least one row, found none");
        }
    }

    /** Number of rows. */
    public int rows() {
        return x.rows();
    }

    /** Inputs with the first targets. */
    public LabelledSet first() {
        return new LabelledSet(name, x, y1);
    }

    /** Inputs with the second targets. */
    public LabelledSet second() {
        return new LabelledSet(name, x, y2);
    }
}
