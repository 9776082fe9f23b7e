package io.sandwich.model;

import io.sandwich.train.LabelledSet;

/**
 * The rows of one training stage.
 *
 * @param train rows trained on
 * @param validation rows the best epoch is selected on
 * @param test rows scored once at the end
 * @param note one sentence saying which files and rows each role uses
 */
public record StageData(LabelledSet train, LabelledSet validation, LabelledSet test, String note) {
}
