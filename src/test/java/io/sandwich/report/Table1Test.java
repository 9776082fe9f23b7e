package io.sandwich.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.metrics.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the table calls beating the majority row, with and without a spread over seeds. */
class Table1Test {
    private static Table1 table(double... perSeed) {
        TableRow majority = new TableRow("majority-class predictor", "majority", "", Double.NaN, Summary.of(0.274),
                Summary.of(0.5), new double[] {0.274}, Double.NaN);
        TableRow row = new TableRow("baseline + masked", "baseline", "masked", 0.22, Summary.of(perSeed),
                Summary.of(perSeed), perSeed, 12);
        return new Table1("clean", "data", 100, 20, perSeed.length, 5, List.of(majority, row), List.of());
    }

    @Test
    void oneSeedIsNotCalledBetterThanTheMajority() {
        Table1 t = table(0.277);
        assertFalse(t.beatsMajority(t.rows().get(1)));
        String md = t.toMarkdown();
        assertTrue(md.contains("| baseline + masked | 0.22 | 0.277 | 0.277 | one seed, no spread | 12.0 |"), md);
        assertTrue(md.contains("With one seed there is no spread, so no row is shown to beat it."), md);
        assertTrue(md.contains("up to 100 epochs (early stopping: patience 20) per stage, 1 seed)"), md);
        assertFalse(t.toJson().getAsJsonArray("rows").get(1).getAsJsonObject().has("beats_majority"));
    }

    @Test
    void severalSeedsBeatItByMoreThanTheirSpread() {
        Table1 t = table(0.30, 0.31, 0.29);
        assertTrue(t.beatsMajority(t.rows().get(1)));
        assertTrue(t.toMarkdown().contains("Beating it by more than one standard deviation over seeds: baseline +"
                + " masked."), t.toMarkdown());
        assertFalse(table(0.276, 0.272, 0.280).beatsMajority(table(0.276, 0.272, 0.280).rows().get(1)));
    }
}
