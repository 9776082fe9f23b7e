package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The training losses, for prediction {@code x} and target {@code y}: {@link #MSE}, the mean of (x-y)^2;
 * {@link #MASKED}, the seed code's {@code sum(mm(y^T, (x-y)^2))} (per row, the target's sum times the squared error's
 * sum, summed over rows); {@link #MASKED_ELEMENTWISE}, the report's formula, the sum of y (x-y)^2; {@link #L1}, the
 * mean of |x-y|; {@link #SOFT_CE}, softmax cross-entropy against the target row normalised to sum 1.
 */
public enum Loss {
    /** Mean squared error. */
    MSE("mse"),
    /** The seed code's masked loss. */
    MASKED("masked"),
    /** The report's masked formula. */
    MASKED_ELEMENTWISE("masked-elementwise"),
    /** Mean absolute error. */
    L1("l1"),
    /** Soft cross-entropy. */
    SOFT_CE("soft-ce");

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    /**
     * The loss named {@code name} ({@code mse}, {@code masked}, ...).
     *
     * @throws SandwichException naming the losses when there is none of that name
     */
    public static Loss named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.label.equals(n)).findFirst().orElseThrow(() ->
                new SandwichException("expected a loss among " + Arrays.stream(values()).map(Loss::toString)
                        .collect(Collectors.joining(", ")) + ", found \"" + name + "\""));
    }

    /** Its name on the command line and in reports. */
    @Override
    public String toString() {
        return label;
    }
}
