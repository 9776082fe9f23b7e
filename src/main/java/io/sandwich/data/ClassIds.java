package io.sandwich.data;

import java.nio.file.Path;

/**
 * Targets given as one class id per row (a one-column file of whole numbers, or an integer {@code .npy}), checked
 * where they are read and turned into one-hot rows once the class count is known.
 */
final class ClassIds {
    /** Ids from here up are not whole numbers a float holds exactly. */
    static final int LIMIT = 1 << 24;

    private ClassIds() {
    }

    /**
     * Refuses {@code v}, read at {@code line} and {@code column} of {@code file} as {@code token}, unless it is a
     * whole number from 0 and below {@code classes} (when that is not 0).
     */
    static void check(Path file, int line, int column, float v, int classes, String token) {
        String problem = null;
        if (v != Math.rint(v) || v < 0) {
            problem = "expected a class id (a whole number from 0) in a one-column target, found " + token;
        } else if (v >= LIMIT) {
            problem = "expected a class id below " + LIMIT + ", found " + token;
        } else if (classes > 0 && v >= classes) {
            problem = "expected a class id below " + classes + ", the class count given, found " + token;
        }
        if (problem != null) {
            throw new DataFormatException(file, line, column, problem);
        }
    }

    /** The largest id of a one-column matrix of ids, -1 when it has no rows. */
    static int max(CsrMatrix ids) {
        int max = ids.rows() > 0 ? 0 : -1;
        for (float v : ids.values()) {
            max = Math.max(max, (int) v);
        }
        return max;
    }

    /** One row per id, 1 in the id's column of {@code classes}. */
    static CsrMatrix oneHot(CsrMatrix ids, int classes) {
        int n = ids.rows();
        int[] ptr = new int[n + 1];
        int[] idx = new int[n];
        float[] val = new float[n];
        for (int r = 0; r < n; r++) {
            ptr[r + 1] = r + 1;
            idx[r] = (int) ids.get(r, 0);
            val[r] = 1f;
        }
        return new CsrMatrix(n, classes, ptr, idx, val);
    }
}
