package io.sandwich.model;

import io.sandwich.train.DualSet;

/**
 * The rows of a stage that learns L1 and L2 at once.
 *
 * @param train rows trained on
 * @param validation rows the best epoch is selected on
 * @param test rows scored once at the end
 * @param note one sentence saying which rows each role uses
 */
public record DualStageData(DualSet train, DualSet validation, DualSet test, String note) {
}
