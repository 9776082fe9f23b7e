package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Loads the real seed data when a copy sits at {@code ../shared/data/seed}; skipped otherwise. */
class RealSeedDataTest {
    @Test
    void loadsTheSeedCopy() {
        Path seed = Path.of("..", "shared", "data", "seed");
        assumeTrue(Files.isDirectory(seed), "no seed copy at " + seed.toAbsolutePath());
        Dataset d = Dataset.load(seed);
        assertEquals(6000, d.train().rows());
        assertEquals(1000, d.validation().rows());
        assertEquals(857, d.test().rows());
        assertEquals(52, d.appDim());
        assertEquals(23, d.l1Dim());
        assertEquals(164, d.l2Dim());
        assertFalse(d.hasTrainL2());
        assertEquals(7857, d.userIds().orElseThrow().size());
    }
}
