package io.sandwich.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a sweep, a part of one, or a merge produced.
 *
 * @param report the results and the chosen configuration; empty for a part of a sharded sweep, whose results come
 *     with the merge
 * @param out the output folder
 * @param runs the runs this call trained or reused (a part's own) or merged
 * @param seconds wall time
 */
public record SweepResult(Optional<Report> report, Path out, int runs, double seconds) {
    /**
     * A finished sweep's choice.
     *
     * @param chosen the chosen configuration, swept hyperparameter to value as written
     * @param validationAccuracy its mean validation accuracy over seeds
     * @param testAccuracy its mean test accuracy over seeds (no other configuration's was looked at)
     * @param markdown the table of every configuration, as {@code sweep.md} holds it
     */
    public record Report(Map<String, String> chosen, double validationAccuracy, double testAccuracy,
            String markdown) {
        /** Copies the map. */
        public Report {
            chosen = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(chosen));
        }

        /** The chosen configuration in the grid's words: {@code lr=1e-3 dropout1=0.1}. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            chosen.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
            return b.toString();
        }
    }
}
