package io.sandwich.report;

import io.sandwich.metrics.Summary;

/**
 * One row of the reproduced Table 1.
 *
 * @param label what the row is, in the report's words
 * @param model model name ({@code majority} for the majority-class predictor)
 * @param loss loss name, empty for the majority row
 * @param reported the report's number, NaN where it gives none
 * @param accuracy test L2 category accuracy over seeds
 * @param topK test top-k accuracy over seeds
 * @param perSeed the accuracy of each seed, in seed order
 * @param epochs epochs trained per run over all stages, mean over seeds (NaN for the majority row)
 */
public record TableRow(String label, String model, String loss, double reported, Summary accuracy, Summary topK,
        double[] perSeed, double epochs) {
}
