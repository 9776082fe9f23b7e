package io.sandwich.api;

import io.sandwich.train.Evaluation;
import java.nio.file.Path;
import java.util.Map;

/**
 * The scores of a weights file on each split that has targets of its output width.
 *
 * @param layout the recognised layout of the file (e.g. the seed's Net)
 * @param data the data folder
 * @param l1Targets whether the network's outputs are L1 (else L2)
 * @param splits the scores by split name (train, validation, test), in that order
 */
public record EvaluateResult(String layout, Path data, boolean l1Targets, Map<String, Evaluation> splits) {
}
