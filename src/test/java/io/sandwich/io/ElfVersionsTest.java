package io.sandwich.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version nodes of real libraries, as objdump lists them, and a sentence for files that are not ELF. */
class ElfVersionsTest {
    @TempDir
    Path tmp;

    @Test
    void glibcDefinesItsVersionsAndAPlainFileIsRefused() throws IOException {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        List<String> versions = ElfVersions.defined(libc);
        assertTrue(versions.contains("GLIBC_2.2.5") && versions.contains("GLIBC_2.34"), versions.toString());
        assertTrue(!versions.contains("libc.so.6"), "the base node (the file's own name) is left out");
        Path text = Files.writeString(tmp.resolve("libfake.so"), "not a library");
        assertEquals(text + ": not a 64-bit little-endian ELF file",
                assertThrows(SandwichException.class, () -> ElfVersions.defined(text)).getMessage());
        Path cut = Files.write(tmp.resolve("libcut.so"), java.util.Arrays.copyOf(Files.readAllBytes(libc), 64));
        assertTrue(assertThrows(SandwichException.class, () -> ElfVersions.defined(cut)).getMessage()
                .startsWith(cut + ": could not read its ELF version definitions"));
    }
}
