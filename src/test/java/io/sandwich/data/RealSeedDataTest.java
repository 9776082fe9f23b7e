package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sandwich.TestData;
import org.junit.jupiter.api.Test;

/** Loads the real seed data at {@code ../shared/data/seed} ({@link TestData#seed}). */
class RealSeedDataTest {
    @Test
    void loadsTheSeedCopy() {
        Dataset d = Dataset.load(TestData.seed());
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
