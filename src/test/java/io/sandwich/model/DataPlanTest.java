package io.sandwich.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.TestData;
import io.sandwich.data.Dataset;
import org.junit.jupiter.api.Test;

class DataPlanTest {
    @Test
    void cleanProtocolUsesTheSplitsAsTheyAre() {
        Dataset d = TestData.embedded();
        StageData l2 = DataPlan.l2(d, Protocol.CLEAN);
        assertSame(d.train().l2(), l2.train().y());
        assertSame(d.validation().l2(), l2.validation().y());
        assertSame(d.test().l2(), l2.test().y());
        StageData l1 = DataPlan.l1(d, Protocol.CLEAN);
        assertSame(d.train().l1(), l1.train().y());
        assertEquals(d.test().rows(), l1.test().rows());
    }

    @Test
    void withoutTrainingL2RowsTheL2StagesSplitValidationNeverTest() {
        Dataset d = Dataset.load(TestData.seed());
        StageData l2 = DataPlan.l2(d, Protocol.CLEAN);
        assertEquals(800, l2.train().rows());
        assertEquals(200, l2.validation().rows());
        assertEquals(d.validation().l2().rowRange(0, 800).nnz(), l2.train().y().nnz());
        assertEquals(857, l2.test().rows());
        assertTrue(l2.note().contains("no tr_l2.txt, so it trains on val[0..800)"), l2.note());
    }

    @Test
    void seedProtocolTrainsOnTestRowsAndSaysSo() {
        Dataset d = TestData.embedded();
        StageData l2 = DataPlan.l2(d, Protocol.SEED);
        assertEquals(d.train().rows() + d.validation().rows() + d.test().rows(), l2.train().rows());
        assertSame(l2.test().y(), l2.validation().y());
        assertTrue(l2.note().contains("seed protocol"));
        StageData dec = DataPlan.l1ToL2(d, Protocol.CLEAN);
        assertEquals(d.l1Dim(), dec.train().x().cols());
    }
}
