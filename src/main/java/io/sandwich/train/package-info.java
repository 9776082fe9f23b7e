/**
 * Training: {@link io.sandwich.train.SupervisedTrainer} runs epochs of shuffled mini-batches through a
 * {@link io.sandwich.nn.Network}, validates after each epoch, keeps the weights of the best validation accuracy
 * and reports per-epoch {@link io.sandwich.train.EpochStats}; loss and accuracy accumulate in backend tensors and
 * are read once per epoch. Each training step is captured once and replayed per batch
 * ({@code EpochSteps}, {@link io.sandwich.backend.Backend#capture}): what changes between steps comes from backend
 * counters, so the step's code must keep nothing on the host that a replay would need.
 */
package io.sandwich.train;
