/**
 * Training checkpoints: {@link io.sandwich.checkpoint.Checkpoints} writes a run's whole state (weights as
 * ordinary PyTorch state_dict files, optimiser moments, the position of every random generator, the epoch, the
 * epoch history and the run's settings) into a folder atomically every N epochs, and reads the newest one back so
 * that a resumed run ends with exactly the weights an uninterrupted one would have. {@code CheckpointFolder} keeps
 * the folder (lock, numbering, atomic renames, pruning); {@code CheckpointFormat} says what one checkpoint holds.
 */
package io.sandwich.checkpoint;
