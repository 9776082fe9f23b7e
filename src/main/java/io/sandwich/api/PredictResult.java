package io.sandwich.api;

/**
 * What {@link Sandwich#predict} wrote.
 *
 * @param layout the recognised layout of the weights file
 * @param rows rows written to each output
 * @param width values per row of the main output
 * @param l1Width values per row of the L1 output (0 when none was written)
 */
public record PredictResult(String layout, int rows, int width, int l1Width) {
}
