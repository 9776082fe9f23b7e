package io.sandwich.metrics.ranking;

import io.sandwich.SandwichException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code user:item,item,...} files, one user per line, into a map that keeps the file's user order and each
 * line's item order.
 *
 * <p>Rules: the user id is everything before the first colon and must not be empty; {@code user:} alone is a user
 * with no items; an empty item ({@code a,,b}, a trailing comma) is an error; a user may appear on one line only;
 * the file must hold at least one user. Blank lines are allowed at the end only. {@code \r\n} line ends and a
 * leading UTF-8 byte-order mark are tolerated. Ids are taken verbatim (no trimming).
 */
public final class RankingFile {
    static final String FORMAT = "\"user:item,item,...\"";
    private static final int MAX_SHOWN = 60;

    private RankingFile() {}

    /**
     * Reads {@code file}.
     *
     * @return user id to items, in file order; the lists are unmodifiable
     * @throws RankingFormatException on a malformed line, a duplicate user or an empty file
     * @throws SandwichException when the file cannot be read
     */
    public static LinkedHashMap<String, List<String>> read(Path file) {
        List<String> lines = readLines(file);
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        if (last == 0) {
            throw new RankingFormatException(file, 1, "expected " + FORMAT + ", found an empty file");
        }
        LinkedHashMap<String, List<String>> out = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < last; i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new RankingFormatException(file, lineNo, "expected " + FORMAT + ", found " + shown(line));
            }
            String user = line.substring(0, colon);
            List<String> items = parseItems(file, lineNo, line, line.substring(colon + 1));
            Integer seen = firstLine.putIfAbsent(user, lineNo);
            if (seen != null) {
                throw new RankingFormatException(file, lineNo,
                        "expected each user once, found \"" + user + "\" again (first on line " + seen + ")");
            }
            out.put(user, items);
        }
        return out;
    }

    private static List<String> parseItems(Path file, int lineNo, String line, String list) {
        if (list.isEmpty()) {
            return List.of();
        }
        String[] parts = list.split(",", -1);
        List<String> items = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new RankingFormatException(file, lineNo,
                        "expected " + FORMAT + " with no empty item, found " + shown(line));
            }
            items.add(part);
        }
        return List.copyOf(items);
    }

    private static List<String> readLines(Path file) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // readLine() ends a line at \n, \r or \r\n, so Windows files read like Unix ones.
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new SandwichException("expected a ranking file at " + file + ", found none", e);
        } catch (IOException e) {
            throw new SandwichException("cannot read ranking file " + file + ": " + e.getMessage(), e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }

    /** The line in quotes, cut short: seed lines run to thousands of characters. */
    static String shown(String line) {
        String s = line.length() > MAX_SHOWN ? line.substring(0, MAX_SHOWN) + "..." : line;
        return "\"" + s + "\"";
    }
}
