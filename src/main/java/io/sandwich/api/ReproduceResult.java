package io.sandwich.api;

import io.sandwich.report.Table1;
import java.util.List;

/**
 * A reproduced Table 1, one table per protocol, as written to {@code OUT/table1.md}, {@code .json} and {@code .png}.
 *
 * @param tables the tables
 * @param markdown the tables in Markdown, with the wall time
 * @param seconds wall time
 */
public record ReproduceResult(List<Table1> tables, String markdown, double seconds) {
}
