package io.sandwich.model;

import io.sandwich.SandwichException;

/**
 * Sizes and regularisation of the networks.
 *
 * @param hidden width of the hidden layers (1024 in the report)
 * @param sandwichHidden width of the layers put between two networks: the baseline's 23-100-164 projection, the
 *     autoencoder's sandwich 23-100-23 and the bi-directional connectors (100 in the seed)
 * @param dropout drop probabilities after the first hidden layer, the later hidden layers, and the output layer
 *     (the report's grid search chose 0.05, 0.1, 0.0)
 * @param decoderHiddenLayers hidden layers of the autoencoder's L1 -> L2 decoder (0 as the report says; the
 *     seed's code used 2)
 * @param bidirectionalDecoderLayers hidden layers of the bi-directional model's App -> L2 decoder (4)
 */
public record ModelOptions(int hidden, int sandwichHidden, float[] dropout, int decoderHiddenLayers,
        int bidirectionalDecoderLayers) {
    /** Checks sizes and probabilities. */
    public ModelOptions {
        if (hidden < 1 || sandwichHidden < 1) {
            throw new SandwichException("expected positive layer widths, found " + hidden + " and " + sandwichHidden);
        }
        if (decoderHiddenLayers < 0 || bidirectionalDecoderLayers < 0) {
            throw new SandwichException("expected non-negative hidden layer counts, found " + decoderHiddenLayers
                    + " and " + bidirectionalDecoderLayers);
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
        return new ModelOptions(1024, 100, new float[] {0.05f, 0.1f, 0.0f}, 0, 4);
    }

    /** Drop probability of block {@code i}: 0 the first hidden layer, 1 later hidden layers, 2 the output. */
    public float dropout(int i) {
        return dropout[i];
    }

    @Override
    public float[] dropout() {
        return dropout.clone();
    }
}
