package io.sandwich.api;

import java.util.List;

/** A model of the report: its name, its files' layout and its rows of Table 1; each subclass lists its stages. */
abstract class ReportModel implements Recipe {
    private final String name;
    private final SavedLayout layout;
    private final List<Table1Row> rows;

    ReportModel(String name, SavedLayout layout, List<Table1Row> rows) {
        this.name = name;
        this.layout = layout;
        this.rows = List.copyOf(rows);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SavedLayout layout() {
        return layout;
    }

    @Override
    public final List<Table1Row> table1Rows() {
        return rows;
    }

    @Override
    public String toString() {
        return name;
    }
}
