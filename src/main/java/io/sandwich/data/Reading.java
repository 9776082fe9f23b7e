package io.sandwich.data;

/**
 * What a reader expects of one vector file.
 *
 * @param cols the values per row it must have; 0 when any width goes (the first file of a role sets it)
 * @param target whether the file holds targets, where one column means class ids (whole numbers from 0)
 * @param classes for targets, the class count declared (ids must stay below it, and a sparse or dense target is that
 *     wide); 0 when none was declared
 * @param indexBase for sparse {@code index:value} rows, the index of the first column as declared (0 or 1); -1 when
 *     none was declared, which a sparse file refuses
 */
public record Reading(int cols, boolean target, int classes, int indexBase) {
    /** Input rows of any width, no index base declared. */
    public static final Reading ANY = new Reading(0, false, 0, -1);

    /** Checks the values are in range. */
    public Reading {
        if (cols < 0 || classes < 0 || indexBase < -1 || indexBase > 1) {
            throw new IllegalArgumentException("expected cols >= 0, classes >= 0 and an index base of -1, 0 or 1,"
                    + " found " + cols + ", " + classes + ", " + indexBase);
        }
    }

    /** Input rows of {@code cols} values (0: any). */
    public static Reading input(int cols) {
        return new Reading(cols, false, 0, -1);
    }

    /** App rows as {@code d} declares them: their width and index base. */
    public static Reading app(Declared d) {
        return new Reading(d.appWidth(), false, 0, d.indexBase());
    }

    /** Target rows of {@code classes} classes (0: undeclared), with {@code d}'s index base. */
    public static Reading targets(int classes, Declared d) {
        return new Reading(0, true, classes, d.indexBase());
    }

    /** The same, expecting {@code n} values per row. */
    public Reading withCols(int n) {
        return new Reading(n, target, classes, indexBase);
    }
}
