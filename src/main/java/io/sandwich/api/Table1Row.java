package io.sandwich.api;

/**
 * A row a model contributes to the report's Table 1.
 *
 * @param id a file-name-safe id, e.g. {@code baseline-masked}
 * @param label the row's name in the table, e.g. {@code baseline + masked}
 * @param loss the loss it trains with
 * @param reported the report's accuracy for it, NaN where it gives none
 */
public record Table1Row(String id, String label, Loss loss, double reported) {
}
