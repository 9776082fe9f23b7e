package io.sandwich.metrics.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankingFileTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("text.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private RankingFormatException failure(String text) throws IOException {
        Path file = write(text);
        RankingFormatException e = assertThrows(RankingFormatException.class, () -> RankingFile.read(file));
        assertEquals(file, e.file());
        return e;
    }

    @Test
    void readsUsersAndItemsInFileOrder() throws IOException {
        Map<String, List<String>> m = RankingFile.read(write("u2:b,a,c\nu1:x\nu3:\n"));
        assertEquals(List.of("u2", "u1", "u3"), List.copyOf(m.keySet()));
        assertEquals(List.of("b", "a", "c"), m.get("u2"));
        assertEquals(List.of("x"), m.get("u1"));
        assertEquals(List.of(), m.get("u3"));
    }

    @Test
    void toleratesCrlfTrailingBlankLinesAndNoFinalNewline() throws IOException {
        Map<String, List<String>> m = RankingFile.read(write("u1:a,b\r\nu2:c\r\n\r\n\n  \n"));
        assertEquals(Map.of("u1", List.of("a", "b"), "u2", List.of("c")), m);
        assertEquals(Map.of("u1", List.of("a")), RankingFile.read(write("u1:a")));
    }

    @Test
    void missingColon() throws IOException {
        RankingFormatException e = failure("u1:a\nnocolon\n");
        assertEquals(2, e.line());
        assertEquals(e.file() + ":2: expected \"user:item,item,...\", found \"nocolon\"", e.getMessage());
    }

    @Test
    void emptyUserId() throws IOException {
        RankingFormatException e = failure(":a,b\n");
        assertEquals(1, e.line());
        assertEquals(e.file() + ":1: expected \"user:item,item,...\", found \":a,b\"", e.getMessage());
    }

    @Test
    void emptyItemInList() throws IOException {
        RankingFormatException e = failure("u1:a\nu2:b\nu3:a,,b\n");
        assertEquals(3, e.line());
        assertEquals(e.file() + ":3: expected \"user:item,item,...\" with no empty item, found \"u3:a,,b\"",
                e.getMessage());
    }

    @Test
    void trailingCommaIsAnEmptyItem() throws IOException {
        assertEquals(1, failure("u1:a,\n").line());
        assertEquals(1, failure("u1:,a\n").line());
    }

    @Test
    void duplicateUser() throws IOException {
        RankingFormatException e = failure("u1:a\nu2:b\nu1:c\n");
        assertEquals(3, e.line());
        assertEquals(e.file() + ":3: expected each user once, found \"u1\" again (first on line 1)",
                e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        RankingFormatException e = failure("");
        assertEquals(1, e.line());
        assertEquals(e.file() + ":1: expected \"user:item,item,...\", found an empty file", e.getMessage());
        assertEquals(1, failure("\n\r\n  \n").line());
    }

    @Test
    void blankLineBeforeAnotherUserIsAnError() throws IOException {
        RankingFormatException e = failure("u1:a\n\nu2:b\n");
        assertEquals(2, e.line());
        assertEquals(e.file() + ":2: expected \"user:item,item,...\", found \"\"", e.getMessage());
    }

    @Test
    void longLinesAreCutShortInTheMessage() throws IOException {
        RankingFormatException e = failure("x".repeat(5000) + "\n");
        assertTrue(e.getMessage().endsWith("x".repeat(60) + "...\""), e.getMessage());
    }

    @Test
    void missingFileIsAUserFacingError() {
        Path file = dir.resolve("absent.txt");
        SandwichException e = assertThrows(SandwichException.class, () -> RankingFile.read(file));
        assertEquals("expected a ranking file at " + file + ", found none", e.getMessage());
    }
}
