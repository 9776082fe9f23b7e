package io.sandwich.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The lines of a {@code user.txt}, held as one UTF-8 byte array and an offset per id rather than a String per
 * user (a million 32-digit ids take 36 MB this way, about 90 MB as Strings); {@link #get} makes the String.
 * Unmodifiable.
 */
final class UserIds extends AbstractList<String> implements RandomAccess {
    private static final java.util.Set<String> HEADERS = java.util.Set.of("user", "user_id", "userid", "id");

    private final byte[] bytes;
    private final int[] start;

    private UserIds(byte[] bytes, int[] start) {
        this.bytes = bytes;
        this.start = start;
    }

    /**
     * Reads the ids of {@code file}: as {@link #read(Path)} for {@code .txt}; for {@code .csv} and {@code .tsv}, the
     * one field of each row, a first row of {@code user}, {@code user_id} or {@code id} being a header.
     *
     * @throws DataFormatException naming the file and line of a defect, or when the format holds no ids
     */
    static UserIds read(Path file, VectorFormat format) {
        return switch (format) {
            case TXT -> read(file);
            case CSV, TSV -> delimited(file, format == VectorFormat.CSV ? ',' : '\t');
            default -> throw new DataFormatException(file, 0, 0, "expected user ids in a .txt, .csv or .tsv file,"
                    + " found the format " + format.label());
        };
    }

    private static UserIds delimited(Path file, char separator) {
        List<String> ids = new ArrayList<>();
        try (CsvReader<CsvRecord> in = CsvReader.builder().fieldSeparator(separator).detectBomHeader(true)
                .allowExtraFields(true).ofCsvRecord(file, StandardCharsets.UTF_8)) {
            for (CsvRecord r : in) {
                String id = r.getField(0).strip();
                if (r.getFieldCount() != 1 || id.isEmpty()) {
                    throw new DataFormatException(file, (int) r.getStartingLineNumber(), r.getFieldCount() != 1 ? 2
                            : 1, "expected one user id per row, found " + (id.isEmpty() ? "an empty field"
                            : r.getFieldCount() + " fields"));
                }
                if (!(ids.isEmpty() && r.getStartingLineNumber() == 1 && HEADERS.contains(id.toLowerCase(
                        java.util.Locale.ROOT)))) {
                    ids.add(id);
                }
            }
        } catch (IOException | CsvParseException | java.io.UncheckedIOException e) {
            throw new DataFormatException(file, 0, 0, "expected a readable list of user ids, found an error: " + e,
                    e);
        }
        byte[][] each = new byte[ids.size()][];
        int[] start = new int[ids.size() + 1];
        for (int i = 0; i < each.length; i++) {
            each[i] = ids.get(i).getBytes(StandardCharsets.UTF_8);
            start[i + 1] = start[i] + each[i].length;
        }
        byte[] bytes = new byte[start[each.length]];
        for (int i = 0; i < each.length; i++) {
            System.arraycopy(each[i], 0, bytes, start[i], each[i].length);
        }
        return new UserIds(bytes, start);
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
