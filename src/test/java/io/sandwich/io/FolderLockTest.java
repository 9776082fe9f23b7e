package io.sandwich.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One holder per folder, in this JVM too; the lock file names the holder; a folder the lock created and nothing else
 * wrote into is removed again. (Another process's attempt and a SIGKILLed holder: {@code TrainKillTest}.)
 */
class FolderLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondHolderIsRefusedWithTheFirstOnesNameUntilItIsReleased() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("held"));
        try (FolderLock first = FolderLock.acquire(dir, "sandwich train")) {
            SandwichException e = assertThrows(SandwichException.class, () -> FolderLock.acquire(dir, "other"));
            assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(dir.toString()) + " is in use by another"
                    + " run \\(sandwich train, pid " + ProcessHandle.current().pid() + " on \\S+ since"
                    + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); wait for it to end, or choose another folder"),
                    e.getMessage());
            assertTrue(Files.readString(dir.resolve(FolderLock.FILE)).startsWith("sandwich train, pid "));
            // the same folder under another name is the same folder
            assertThrows(SandwichException.class, () -> FolderLock.acquire(dir.resolve("..").resolve("held"), "x"));
        }
        FolderLock.acquire(dir, "again").close();
        assertTrue(Files.isDirectory(dir), "a folder that was there stays");
    }

    @Test
    void aFolderItCreatedIsRemovedWhenNothingWasWritten() throws IOException {
        Path unused = tmp.resolve("a").resolve("b");
        FolderLock.acquire(unused, "x").close();
        assertFalse(Files.exists(tmp.resolve("a")), "both folders it created are gone");

        Path used = tmp.resolve("c");
        try (FolderLock l = FolderLock.acquire(used, "x")) {
            Files.writeString(used.resolve("result.json"), "{}");
        }
        assertEquals("{}", Files.readString(used.resolve("result.json")));
    }
}
