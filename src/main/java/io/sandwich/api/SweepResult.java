package io.sandwich.api;

import io.sandwich.sweep.SweepReport;
import java.nio.file.Path;

/**
 * What a sweep, a part of one, or a merge produced.
 *
 * @param report the results and the chosen configuration; null for a part of a sharded sweep, whose results come
 *     with the merge
 * @param out the output folder
 * @param runs the runs this call trained or reused (a part's own) or merged
 * @param seconds wall time
 */
public record SweepResult(SweepReport report, Path out, int runs, double seconds) {
}
