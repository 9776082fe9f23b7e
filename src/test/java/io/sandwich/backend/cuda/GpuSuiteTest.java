package io.sandwich.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The suite's verdict names a gpu class that ran no test and one that nobody listed, and accepts the expected set. */
class GpuSuiteTest {
    @Test
    void aClassThatDroppedOutOrWasNeverListedIsNamed() {
        Set<String> expected = Set.of("A", "B");
        assertEquals(List.of(), GpuSuite.problems(expected, Map.of("A", 3, "B", 1)));
        assertEquals(List.of("no test of B passed (did it lose its @Tag(\"gpu\")?)", "C is tagged gpu but not in"
                + " GpuSuite.EXPECTED"), GpuSuite.problems(expected, Map.of("A", 3, "C", 2)));
    }

    @Test
    void theExpectedClassesAreTheGpuTaggedOnes() throws ClassNotFoundException {
        for (String c : GpuSuite.EXPECTED) {
            assertEquals("gpu", Class.forName(c).getAnnotation(org.junit.jupiter.api.Tag.class).value(), c);
        }
    }
}
