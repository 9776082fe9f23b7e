package io.sandwich.model;

import io.sandwich.SandwichException;

/**
 * Sizes and regularisation of the networks.
 *
 * @param hidden width of the hidden layers (1024 in the report)
 * @param projectionHidden width of the layer the baseline adds between L1 and L2 (100 in the seed)
 * @param dropout drop probabilities after the first hidden layer, the second, and the output layer of the
 *     seed's Net (the report's grid search chose 0.05, 0.1, 0.0)
 */
public record ModelOptions(int hidden, int projectionHidden, float[] dropout) {
    /** Checks sizes and probabilities. */
    public ModelOptions {
        if (hidden < 1 || projectionHidden < 1) {
            throw new SandwichException("expected positive layer widths, found " + hidden + " and " + projectionHidden);
        }
        if (dropout.length != 3) {
            throw new SandwichException("expected three dropout rates, found " + dropout.length);
        }
        for (float p : dropout) {
            if (!(p >= 0f && p < 1f)) {
                throw new SandwichException("expected dropout rates in [0, 1), found " + p);
            }
        }
        dropout = dropout.clone();
    }

    /** The report's settings. */
    public static ModelOptions defaults() {
        return new ModelOptions(1024, 100, new float[] {0.05f, 0.1f, 0.0f});
    }

    /** Drop probability of block {@code i} (0, 1 or 2). */
    public float dropout(int i) {
        return dropout[i];
    }

    @Override
    public float[] dropout() {
        return dropout.clone();
    }
}
