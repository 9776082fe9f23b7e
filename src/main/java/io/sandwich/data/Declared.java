package io.sandwich.data;

import io.sandwich.SandwichException;

/**
 * What the user declares about a dataset's files, by flags or in a manifest: the App width and each target's class
 * count (or width) where the files alone do not settle them, and the index of the first column of sparse rows.
 *
 * @param appWidth values per App row; 0 when not declared
 * @param l1Classes L1 columns: the class count of class ids, the width of sparse rows; 0 when not declared
 * @param l2Classes L2 columns, likewise; 0 when not declared
 * @param indexBase the first column's index in sparse {@code index:value} rows, 0 or 1; -1 when not declared
 */
public record Declared(int appWidth, int l1Classes, int l2Classes, int indexBase) {
    /** Nothing declared. */
    public static final Declared NONE = new Declared(0, 0, 0, -1);
    private static final String CLASSES = " (a target of one column has no classes to tell apart)";

    /** Checks the values are in range. */
    public Declared {
        atLeast("appWidth", appWidth, 1, "");
        atLeast("l1Classes", l1Classes, 2, CLASSES);
        atLeast("l2Classes", l2Classes, 2, CLASSES);
        if (indexBase < -1 || indexBase > 1) {
            throw new SandwichException("expected " + SandwichException.setting("indexBase") + " to be 0 or 1, found "
                    + indexBase);
        }
    }

    private static void atLeast(String name, int v, int min, String why) {
        if (v != 0 && v < min) {
            throw new SandwichException("expected " + SandwichException.setting(name) + " to be at least " + min + why
                    + ", found " + v);
        }
    }

    /**
     * These values, with each one that is not declared here taken from {@code other}.
     *
     * @throws SandwichException when both declare a value and the two differ
     */
    public Declared and(Declared other, String where) {
        return new Declared(one("appWidth", appWidth, other.appWidth, 0, where),
                one("l1Classes", l1Classes, other.l1Classes, 0, where),
                one("l2Classes", l2Classes, other.l2Classes, 0, where),
                one("indexBase", indexBase, other.indexBase, -1, where));
    }

    private static int one(String name, int mine, int theirs, int unset, String where) {
        if (mine != unset && theirs != unset && mine != theirs) {
            throw new SandwichException("expected " + SandwichException.setting(name) + " to agree with " + where
                    + ", which declares " + theirs + ", found " + mine);
        }
        return mine != unset ? mine : theirs;
    }

    /** Whether nothing is declared. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The declared values as {@code name=value} words, for the data digest and descriptions. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (appWidth > 0) {
            b.append(" appWidth=").append(appWidth);
        }
        if (l1Classes > 0) {
            b.append(" l1Classes=").append(l1Classes);
        }
        if (l2Classes > 0) {
            b.append(" l2Classes=").append(l2Classes);
        }
        if (indexBase >= 0) {
            b.append(" indexBase=").append(indexBase);
        }
        return b.toString().strip();
    }
}
