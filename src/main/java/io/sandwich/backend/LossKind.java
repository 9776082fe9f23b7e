package io.sandwich.backend;

import io.sandwich.SandwichException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training losses, each computed together with its gradient by {@link Backend#lossAndGradient}.
 *
 * <p>For prediction {@code x} and target {@code y} over a batch of B rows and C columns:
 * <ul>
 *   <li>{@link #MSE}: mean over all B*C elements of (x-y)^2 (PyTorch's {@code MSELoss()}).
 *   <li>{@link #MASKED}: {@code sum(mm(y^T, (x-y)^2))} exactly as the seed's code computed it, which equals the
 *       sum over rows of (row sum of y) * (row sum of squared error): a row-weighted squared error over all
 *       positions, not only the non-zero targets.
 *   <li>{@link #MASKED_ELEMENTWISE}: the report's formula, sum of y * (x-y)^2 over all elements; zero-target
 *       outputs get no gradient at all.
 *   <li>{@link #L1}: mean over all elements of |x-y|.
 *   <li>{@link #SOFT_CE}: softmax cross-entropy against the target row normalised to sum 1, averaged over rows
 *       (a row whose target sums to 0 contributes 0).
 * </ul>
 * The two masked forms are sums (not means), as in the seed.
 */
public enum LossKind {
    MSE("mse", true),
    MASKED("masked", false),
    MASKED_ELEMENTWISE("masked-elementwise", false),
    L1("l1", true),
    SOFT_CE("soft-ce", true);

    private final String cliName;
    private final boolean meanOverRows;

    LossKind(String cliName, boolean meanOverRows) {
        this.cliName = cliName;
        this.meanOverRows = meanOverRows;
    }

    /** The name used on the command line and in reports. */
    public String cliName() {
        return cliName;
    }

    /**
     * Whether the batch loss is a mean over rows (so the per-sample sum is loss * rows) rather than a sum over
     * rows (so the per-sample sum is the loss itself).
     */
    public boolean meanOverRows() {
        return meanOverRows;
    }

    /** Parses a CLI name such as {@code masked-elementwise}. */
    public static LossKind fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (LossKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new SandwichException("expected a loss among " + Arrays.stream(values()).map(LossKind::cliName)
                .collect(Collectors.joining(", ")) + ", found \"" + name + "\"");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
