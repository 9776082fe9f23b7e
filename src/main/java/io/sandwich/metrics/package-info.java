/**
 * Scores beyond a network's own loss: the majority-class predictor every model must beat, summary statistics
 * over seeds, and (in {@code metrics.ranking}) ranking metrics of recommendation lists.
 */
package io.sandwich.metrics;
