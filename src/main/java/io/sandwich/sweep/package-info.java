/**
 * Sweeps: a grid of training settings times seeds, selected on validation accuracy alone, stored run by run so that
 * a sweep resumes, splits into shards that independent processes or machines run, and merges back.
 */
package io.sandwich.sweep;
