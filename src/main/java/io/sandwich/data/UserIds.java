package io.sandwich.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The lines of a {@code user.txt}, held as one UTF-8 byte array and an offset per id rather than a String per
 * user (a million 32-digit ids take 36 MB this way, about 90 MB as Strings); {@link #get} makes the String.
 * Unmodifiable.
 */
final class UserIds extends AbstractList<String> implements RandomAccess {
    private final byte[] bytes;
    private final int[] start;

    private UserIds(byte[] bytes, int[] start) {
        this.bytes = bytes;
        this.start = start;
    }

    /**
     * Reads one id per line, each stripped of surrounding white space; blank lines may end the file but not
     * interrupt it.
     */
    static UserIds read(Path file) {
        byte[] buf = new byte[1 << 12];
        int[] ends = new int[1 << 10];
        int used = 0;
        int count = 0;
        int blankLine = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int line = 0;
            for (String s = in.readLine(); s != null; s = in.readLine()) {
                line++;
                String id = s.strip();
                if (id.isEmpty()) {
                    blankLine = blankLine == 0 ? line : blankLine;
                    continue;
                }
                if (blankLine > 0) {
                    throw new DataFormatException(file, blankLine, 1, "expected a user id, found a blank line");
                }
                byte[] b = id.getBytes(StandardCharsets.UTF_8);
                if (used + b.length > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(used + b.length, buf.length + (buf.length >> 1)));
                }
                System.arraycopy(b, 0, buf, used, b.length);
                used += b.length;
                if (count + 1 == ends.length) {
                    ends = Arrays.copyOf(ends, ends.length * 2);
                }
                ends[++count] = used;
            }
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "expected a readable list of user ids, found an error: " + e,
                    e);
        }
        return new UserIds(Arrays.copyOf(buf, used), Arrays.copyOf(ends, count + 1));
    }

    @Override
    public String get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("expected an index in 0.." + (size() - 1) + ", found " + index);
        }
        return new String(bytes, start[index], start[index + 1] - start[index], StandardCharsets.UTF_8);
    }

    @Override
    public int size() {
        return start.length - 1;
    }
}
