package io.sandwich.api;

/**
 * What a stage learns, and so which rows and columns it trains, selects and tests on (the protocol decides the
 * rows, see {@link Protocol}).
 */
public enum Task {
    /** App vectors to L1 targets. */
    APP_TO_L1,
    /** App vectors to L2 targets. */
    APP_TO_L2,
    /** L1 vectors to L2 targets (the autoencoder's decoder). */
    L1_TO_L2
}
