package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the train / validation / test parts of a dataset in memory: row {@code i} of {@code app}, {@code l1} and
 * {@code l2} describe the same user. A split may lack L2 targets: a training split (the real seed data has none),
 * or every split of data for models that learn L1 alone.
 *
 * @param app the App vectors
 * @param l1 the L1 targets
 * @param l2 the L2 targets, where the split has them
 */
public record Split(Matrix app, Matrix l1, Optional<Matrix> l2) {
    /**
     * Checks that the row counts agree.
     *
     * @throws SandwichException when they differ
     */
    public Split {
        Objects.requireNonNull(app, "app");
        same(app, "L1", Objects.requireNonNull(l1, "l1"));
        l2.ifPresent(m -> same(app, "L2", m));
    }

    /**
     * App vectors with their L1 and L2 targets.
     *
     * @throws SandwichException when the row counts differ
     */
    public static Split of(Matrix app, Matrix l1, Matrix l2) {
        return new Split(app, l1, Optional.of(l2));
    }

    /**
     * App vectors with L1 targets alone.
     *
     * @throws SandwichException when the row counts differ
     */
    public static Split of(Matrix app, Matrix l1) {
        return new Split(app, l1, Optional.empty());
    }

    private static void same(Matrix app, String what, Matrix m) {
        if (m.rows() != app.rows()) {
            throw new SandwichException("expected " + app.rows() + " " + what + " rows, one per App row, found "
                    + m.rows());
        }
    }

    /** Rows. */
    public int rows() {
        return app.rows();
    }

    /** The split as the layers below hold it. */
    io.sandwich.data.Split internal(String name) {
        return new io.sandwich.data.Split(name, app.csr(), l1.csr(), l2.map(Matrix::csr).orElse(null));
    }
}
