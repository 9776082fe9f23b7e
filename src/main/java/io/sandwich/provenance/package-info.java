/**
 * What a run is, in one typed record ({@link io.sandwich.provenance.RunRecord}), in the manner of Tribuo's
 * provenance: the settings that decide its numbers, the data folder with a content hash of its files, the hashes of
 * the weights it started from, and the software and backend it ran on. Checkpoints, {@code reproduce --resume} and
 * {@code result.json} all store this record; two runs are the same run when their settings, data and initial
 * weights are ({@link io.sandwich.provenance.RunRecord#differences}), wherever they ran.
 */
package io.sandwich.provenance;
