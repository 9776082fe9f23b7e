package io.sandwich.train;

/**
 * Loss and accuracies of a network on a labelled set.
 *
 * @param rows rows evaluated
 * @param loss per-sample loss
 * @param accuracy share of rows whose output argmax equals the target argmax
 * @param topK share of rows whose target argmax is among the k largest outputs
 */
public record Evaluation(int rows, double loss, double accuracy, double topK) {
}
