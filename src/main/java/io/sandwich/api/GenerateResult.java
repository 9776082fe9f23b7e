package io.sandwich.api;

import java.nio.file.Path;

/**
 * What {@link Sandwich#generate} wrote.
 *
 * @param directory the folder
 * @param trainRows rows of the training split
 * @param validationRows rows of the validation split
 * @param testRows rows of the test split
 * @param bytes the files' size together
 */
public record GenerateResult(Path directory, int trainRows, int validationRows, int testRows, long bytes) {
}
