package io.sandwich.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sandwich.SandwichException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Grids parse as written, enumerate every combination in order, and bad ones are refused with a sentence. */
class GridTest {
    private static final Set<String> KNOWN = Set.of("lr", "dropout", "dropout1");

    @Test
    void configurationsVaryTheFirstAxisSlowest() {
        Grid g = Grid.parse(List.of("lr=1e-3, 3e-3", "--dropout=0.05/0.1/0,0.1/0.2/0"), KNOWN);
        assertEquals(List.of("lr", "dropout"), g.options());
        assertEquals(List.of(Map.of("lr", "1e-3", "dropout", "0.05/0.1/0"), Map.of("lr", "1e-3", "dropout",
                "0.1/0.2/0"), Map.of("lr", "3e-3", "dropout", "0.05/0.1/0"), Map.of("lr", "3e-3", "dropout",
                "0.1/0.2/0")), g.configurations());
        assertEquals(List.of("lr", "dropout"), new ArrayList<>(g.configurations().get(3).keySet()));
        assertEquals("lr=3e-3 dropout=0.1/0.2/0", Grid.describe(g.configurations().get(3)));
    }

    @Test
    void badGridsAreRefusedWithOneSentence() {
        assertEquals("grid momentum=0.9: cannot sweep \"momentum\" (options: lr, dropout)",
                refused(List.of("momentum=0.9"), new LinkedHashSet<>(List.of("lr", "dropout"))));
        assertEquals("grid lr: expected OPTION=V1,V2,..., e.g. lr=1e-3,3e-3", refused(List.of("lr"), KNOWN));
        assertEquals("grid lr=: expected a non-empty list of values separated by commas, found an empty one",
                refused(List.of("lr="), KNOWN));
        assertEquals("grid lr=1e-3,,2e-3: expected a non-empty list of values separated by commas, found an empty"
                + " one", refused(List.of("lr=1e-3,,2e-3"), KNOWN));
        assertEquals("grid lr=1: lr is swept twice; give its values in one grid",
                refused(List.of("lr=2", "lr=1"), KNOWN));
        assertEquals("grid lr=1,1: the value 1 is given twice", refused(List.of("lr=1,1"), KNOWN));
    }

    @Test
    void shardsSplitTheRunsIntoDisjointParts() {
        assertEquals(new Shard(2, 8), Shard.parse(" 2/8"));
        assertEquals("shard 0/3: expected I/N with 1 <= I <= N",
                assertThrows(SandwichException.class, () -> Shard.parse("0/3")).getMessage());
        assertEquals("shard 4/3: expected I/N with 1 <= I <= N",
                assertThrows(SandwichException.class, () -> Shard.parse("4/3")).getMessage());
        assertEquals("shard 2of3: expected I/N, e.g. 2/8 for the second of 8 parts",
                assertThrows(SandwichException.class, () -> Shard.parse("2of3")).getMessage());
        int[] owners = new int[10];
        for (int i = 1; i <= 3; i++) {
            for (int run = 0; run < owners.length; run++) {
                owners[run] += new Shard(i, 3).owns(run) ? i : 0;
            }
        }
        assertEquals(List.of(1, 2, 3, 1, 2, 3, 1, 2, 3, 1), java.util.Arrays.stream(owners).boxed().toList());
    }

    private static String refused(List<String> specs, Set<String> known) {
        return assertThrows(SandwichException.class, () -> Grid.parse(specs, known)).getMessage();
    }
}
