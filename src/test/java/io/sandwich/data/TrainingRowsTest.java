package io.sandwich.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training split's App and L1 alone, read from any format as the whole dataset would read them. */
class TrainingRowsTest {
    @TempDir
    Path dir;

    @Test
    void classIdsInACsvBecomeOneHotRowsOfTheDeclaredOrFoundClassCount() throws IOException {
        Files.writeString(dir.resolve("tr_app.csv"), "1,0,2\n0,3,0\n4,0,0\n");
        Files.writeString(dir.resolve("tr_l1.csv"), "2\n0\n4\n");
        Split found = TrainingRows.appToL1(DataFiles.folder(dir), Declared.NONE);
        assertEquals(3, found.rows());
        assertEquals(3, found.app().cols());
        assertEquals(5, found.l1().cols()); // the largest id plus one
        assertEquals(4, found.l1().argmaxRow(2));
        Split declared = TrainingRows.appToL1(DataFiles.folder(dir), new Declared(0, 7, 0, -1));
        assertEquals(7, declared.l1().cols());
    }

    @Test
    void aMissingFileOrAnotherRowCountIsRefusedWithItsName() throws IOException {
        Files.writeString(dir.resolve("tr_app.txt"), "1 0\n0 1\n");
        SandwichException missing = assertThrows(SandwichException.class,
                () -> TrainingRows.appToL1(DataFiles.folder(dir), Declared.NONE));
        assertTrue(missing.getMessage().endsWith("found these missing: tr_l1.txt"), missing.getMessage());
        Files.writeString(dir.resolve("tr_l1.txt"), "1 0\n0 1\n1 0\n");
        DataFormatException rows = assertThrows(DataFormatException.class,
                () -> TrainingRows.appToL1(DataFiles.folder(dir), Declared.NONE));
        assertTrue(rows.getMessage().contains("tr_l1.txt") && rows.getMessage().contains("expected 2 rows"),
                rows.getMessage());
    }
}
