package io.sandwich.api;

import java.util.List;

/**
 * A model as a recipe: the stages that train it, the layout its saved file has, and its rows in the report's
 * Table 1. {@link Models} holds the report's five; any other implementation trains the same way
 * ({@link TrainOptions#builder(Recipe)}).
 */
public interface Recipe {
    /** Its name on the command line and in records, e.g. {@code baseline}. */
    String name();

    /**
     * The stages, in the order they train, for data of {@code widths} under {@code settings}; the last stage's
     * network is the model, scored on the test rows and saved.
     */
    List<Stage> stages(Widths widths, Settings settings);

    /** How a file it saves is recognised. */
    SavedLayout layout();

    /** Its rows of Table 1, in the report's order; none for a model outside the report. */
    default List<Table1Row> table1Rows() {
        return List.of();
    }
}
