package io.sandwich.api;

import java.util.List;

/**
 * A reproduced Table 1, one table per protocol, as written to {@code OUT/table1.md}, {@code .json} and
 * {@code .png}.
 *
 * @param tables the tables, one per protocol
 * @param markdown the tables in Markdown, with the wall time
 * @param seconds wall time
 */
public record ReproduceResult(List<Table> tables, String markdown, double seconds) {
    /** Copies the list. */
    public ReproduceResult {
        tables = List.copyOf(tables);
    }

    /**
     * The table of one protocol.
     *
     * @param protocol the protocol
     * @param rows its rows, the majority-class predictor's first
     * @param markdown the table in Markdown, with its notes
     */
    public record Table(Protocol protocol, List<Row> rows, String markdown) {
        /** Copies the list. */
        public Table {
            rows = List.copyOf(rows);
        }
    }

    /**
     * A row of the table: test accuracies over seeds.
     *
     * @param label what the row is, in the report's words
     * @param model the model's name ({@code majority} for the majority-class predictor)
     * @param loss the loss, empty for the majority row
     * @param reported the report's number, NaN where it gives none
     * @param accuracyMean mean test accuracy over seeds
     * @param accuracyStd its sample standard deviation
     * @param topKMean mean test top-k accuracy
     * @param perSeed the accuracy of each seed, in seed order
     */
    public record Row(String label, String model, String loss, double reported, double accuracyMean,
            double accuracyStd, double topKMean, List<Double> perSeed) {
        /** Copies the list. */
        public Row {
            perSeed = List.copyOf(perSeed);
        }
    }
}
