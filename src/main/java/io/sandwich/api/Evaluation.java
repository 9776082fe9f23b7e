package io.sandwich.api;

/**
 * Loss and accuracies of a model on labelled rows.
 *
 * @param rows rows scored
 * @param loss per-sample loss
 * @param accuracy share of rows whose output's argmax is the target's argmax
 * @param topK share of rows whose target's argmax is among the k largest outputs
 */
public record Evaluation(int rows, double loss, double accuracy, double topK) {
    static Evaluation of(io.sandwich.train.Evaluation e) {
        return new Evaluation(e.rows(), e.loss(), e.accuracy(), e.topK());
    }
}
