package io.sandwich.backend;

/** The shape checks every backend makes before an operation, with the same "expected X, found Y" errors. */
public final class Shapes {
    private Shapes() {
    }

    /** Same rows and columns. */
    public static void same(String op, Tensor a, Tensor b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new BackendException(op + ": expected equal shapes, found " + a.shape() + " and " + b.shape());
        }
    }

    /** Slots {@code slot .. slot + width} exist in {@code sums} (the base slot of a counted index too). */
    public static void slots(String op, Sums sums, int slot, int width) {
        if (slot < 0 || (long) slot + width > sums.slots()) {
            throw new BackendException(op + (width == 1 ? ": slot " + slot + " does not" : ": slots " + slot + " to "
                    + (slot + width - 1) + " do not") + " fit in " + sums.slots() + " sums");
        }
    }

    /** A view of {@code rows x cols} at {@code offset} fits inside {@code base}. */
    public static void view(Tensor base, int offset, int rows, int cols) {
        if (offset < 0 || rows < 0 || cols < 0 || (long) offset + (long) rows * cols > base.size()) {
            throw new BackendException("view: [" + rows + ", " + cols + "] at " + offset + " does not fit in "
                    + base.shape());
        }
    }

    /** {@code values} host values fill {@code dst} exactly. */
    public static void upload(int values, Tensor dst) {
        if (values != dst.size()) {
            throw new BackendException("upload: expected " + dst.size() + " values for " + dst.shape() + ", found "
                    + values);
        }
    }

    /** A host array of {@code room} floats can take {@code src}. */
    public static void download(Tensor src, int room) {
        if (room < src.size()) {
            throw new BackendException("download: " + src.shape() + " needs " + src.size() + " floats, found " + room);
        }
    }

    /** Host arrays of {@code m} and {@code v} floats match Adam moments of {@code size} parameters. */
    public static void adamState(int size, int m, int v) {
        if (m != size || v != size) {
            throw new BackendException("Adam moments: expected " + size + " values each, found " + m + " and " + v);
        }
    }

    /** {@code op(a) op(b)} gives {@code c}; returns the inner dimension k. */
    public static int gemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new BackendException("gemm: op(a)" + (transA ? "^T" : "") + " " + a.shape() + " x op(b)"
                    + (transB ? "^T" : "") + " " + b.shape() + " does not give " + c.shape());
        }
        return k;
    }

    /** {@code s w^T} gives {@code c} ({@code w} is [out, in]). */
    public static void sparseTimesWeightT(SparseBatch s, Tensor w, Tensor c) {
        if (w.cols() != s.cols() || c.rows() != s.rows() || c.cols() != w.rows()) {
            throw new BackendException("sparseTimesWeightT: sparse [" + s.rows() + ", " + s.cols() + "] x "
                    + w.shape() + "^T does not give " + c.shape());
        }
    }

    /** Rows of up to {@code rowEntries} stored entries fit a sparse batch made for rows of up to {@code width}. */
    public static void sparseRows(int rowEntries, int width) {
        if (rowEntries > width) {
            throw new BackendException("gatherSparse: rows of up to " + rowEntries + " entries into a batch of "
                    + width + " entries per row");
        }
    }

    /** {@code g^T s} gives {@code dw}. */
    public static void gradTTimesSparse(Tensor g, SparseBatch s, Tensor dw) {
        if (g.rows() != s.rows() || dw.rows() != g.cols() || dw.cols() != s.cols()) {
            throw new BackendException("gradTTimesSparse: " + g.shape() + "^T x sparse [" + s.rows() + ", "
                    + s.cols() + "] does not give " + dw.shape());
        }
    }

    /** A bias of one value per column of {@code z}. */
    public static void bias(String op, Tensor bias, Tensor z) {
        if (bias.size() != z.cols()) {
            throw new BackendException(op + ": bias " + bias.shape() + " for " + z.shape());
        }
    }

    /** A drop probability in [0, 1). */
    public static void probability(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new BackendException("dropout: expected a probability in [0, 1), found " + p);
        }
    }
}
