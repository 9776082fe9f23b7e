/**
 * Vector data: the seed's space-separated text files, read into compressed sparse rows ({@link
 * io.sandwich.data.CsrMatrix}), grouped into train / validation / test splits, plus the deterministic synthetic
 * dataset embedded in the project's {@code data/} folder and a generator that streams such datasets of any size
 * ({@link io.sandwich.data.DatasetGenerator}).
 */
package io.sandwich.data;
