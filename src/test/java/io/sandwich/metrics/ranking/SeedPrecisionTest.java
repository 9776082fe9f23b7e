package io.sandwich.metrics.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reproduces the seed's recommendation figure on its shipped files, when the shared seed data is present. */
class SeedPrecisionTest {
    private static final Path SEED = Path.of("..", "shared", "data", "seed", "precision");

    @Test
    void seedScoreOfBaselineIsPoint018() {
        assumeTrue(Files.isDirectory(SEED), "no seed data at " + SEED.toAbsolutePath());
        RankingReport r = RankingMetrics.evaluate(
                RankingFile.read(SEED.resolve("text.txt")), RankingFile.read(SEED.resolve("output_base.txt")), 5);
        assertEquals(857, r.users());
        assertEquals(0, r.missingPredUsers());
        assertEquals(0, r.predOnlyUsers());
        // measured: 0.017971860431878... (PAPER.md: "it gives 0.018")
        assertEquals(0.018, Math.round(r.seedScore() * 1000) / 1000.0, 1e-12);
        assertEquals(0.0179718604318783, r.seedScore(), 1e-12);
    }
}
