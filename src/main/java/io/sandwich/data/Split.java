package io.sandwich.data;

/**
 * One of the train / validation / test parts of a dataset: row {@code i} of {@code app}, {@code l1} and {@code l2}
 * describe the same user. {@code l2} is null when the split has no L2 labels (the real seed's training split).
 */
public record Split(String name, CsrMatrix app, CsrMatrix l1, CsrMatrix l2) {

    /** Checks that the matrices are present (l2 may be null) and have the same number of rows. */
    public Split {
        if (name == null || app == null || l1 == null) {
            throw new IllegalArgumentException("expected a name, an App and an L1 matrix, found a null");
        }
        if (l1.rows() != app.rows()) {
            throw new IllegalArgumentException(name + ": expected " + app.rows() + " L1 rows like App, found "
                    + l1.rows());
        }
        if (l2 != null && l2.rows() != app.rows()) {
            throw new IllegalArgumentException(name + ": expected " + app.rows() + " L2 rows like App, found "
                    + l2.rows());
        }
    }

    /** Number of users (rows) in this split. */
    public int rows() {
        return app.rows();
    }
}
