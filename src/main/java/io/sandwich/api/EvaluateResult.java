package io.sandwich.api;

import java.util.Map;

/**
 * The scores of a weights file on each split that has targets of its output width.
 *
 * @param layout the recognised layout of the file (e.g. the seed's Net)
 * @param data where the data came from
 * @param l1Targets whether the network's outputs are L1 (else L2)
 * @param splits the scores by split name (train, validation, test), in that order
 */
public record EvaluateResult(String layout, String data, boolean l1Targets, Map<String, Evaluation> splits) {
    /** Copies the map, keeping its order. */
    public EvaluateResult {
        splits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(splits));
    }
}
