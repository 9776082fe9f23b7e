/**
 * Training: {@link io.sandwich.train.SupervisedTrainer} runs epochs of shuffled mini-batches through a
 * {@link io.sandwich.nn.Network}, validates after each epoch, keeps the weights of the best validation accuracy
 * and reports per-epoch {@link io.sandwich.train.EpochStats}; loss and accuracy accumulate in backend tensors and
 * are read once per epoch.
 */
package io.sandwich.train;
