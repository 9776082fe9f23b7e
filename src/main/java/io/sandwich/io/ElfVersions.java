package io.sandwich.io;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The symbol version nodes a shared library defines (its {@code .gnu.version_d} section, what {@code objdump -p}
 * lists under "Version definitions"), read from the ELF headers alone: {@code libcublas.so.12} defines
 * {@code libcublas.so.12}, CUDA 13's {@code libcublas.so.13} defines {@code libcublas.so.13}, and a binding built for
 * one cannot use the other. Only 64-bit little-endian files (x86-64, aarch64) are read.
 */
public final class ElfVersions {
    private static final int SHT_GNU_VERDEF = 0x6ffffffd;
    private static final int VER_FLG_BASE = 1;
    private static final int SECTION_HEADER = 64;

    private ElfVersions() {
    }

    /** The version nodes {@code library} defines, in file order, without the base node (the file's own name). */
    public static List<String> defined(Path library) {
        try (FileChannel ch = FileChannel.open(library, StandardOpenOption.READ)) {
            ByteBuffer h = ch.size() < 64 ? null : read(ch, 0, 64);
            if (h == null || h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
                throw new SandwichException(library + ": not a 64-bit little-endian ELF file");
            }
            long shoff = h.getLong(0x28);
            int shnum = Short.toUnsignedInt(h.getShort(0x3C));
            ByteBuffer sections = read(ch, shoff, shnum * SECTION_HEADER);
            for (int i = 0; i < shnum; i++) {
                int s = i * SECTION_HEADER;
                if (sections.getInt(s + 4) == SHT_GNU_VERDEF) {
                    int strtab = sections.getInt(s + 40) * SECTION_HEADER;
                    ByteBuffer strings = read(ch, sections.getLong(strtab + 24), (int) sections.getLong(strtab + 32));
                    ByteBuffer defs = read(ch, sections.getLong(s + 24), (int) sections.getLong(s + 32));
                    return names(defs, sections.getInt(s + 44), strings);
                }
            }
            return List.of();
        } catch (IOException | RuntimeException e) {
            if (e instanceof SandwichException se) {
                throw se;
            }
            throw new SandwichException(library + ": could not read its ELF version definitions (" + e + ")", e);
        }
    }

    /** The {@code count} Elf64_Verdef entries of {@code defs}, each named by its first Verdaux. */
    private static List<String> names(ByteBuffer defs, int count, ByteBuffer strings) {
        List<String> names = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < count; i++) {
            int flags = Short.toUnsignedInt(defs.getShort(at + 2));
            int aux = defs.getInt(at + 12);
            if ((flags & VER_FLG_BASE) == 0) {
                names.add(string(strings, defs.getInt(at + aux)));
            }
            int next = defs.getInt(at + 16);
            if (next == 0) {
                break;
            }
            at += next;
        }
        return names;
    }

    private static String string(ByteBuffer strings, int offset) {
        StringBuilder b = new StringBuilder();
        for (int i = offset; strings.get(i) != 0; i++) {
            b.append((char) strings.get(i));
        }
        return b.toString();
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("the file ends at " + (at + b.position()) + " bytes, inside its headers");
            }
        }
        return b.flip();
    }
}
