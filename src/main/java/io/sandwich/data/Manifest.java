package io.sandwich.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import io.sandwich.SandwichException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A dataset manifest, JSON ({@code .json}) or TOML ({@code .toml}): it names each role's file, relative to the
 * manifest, and may give a format for all files or one, the index base of sparse rows, the App width and the
 * targets' class counts. In JSON:
 *
 * <pre>{@code
 * {
 *   "format": "csv",
 *   "l1_classes": 10,
 *   "train": {"app": "train_x.csv", "l1": "train_y.csv"},
 *   "validation": {"app": "val_x.csv", "l1": "val_y.csv"},
 *   "test": {"app": {"file": "test_x.npy", "format": "npy"}, "l1": "test_y.csv"},
 *   "users": "users.txt"
 * }
 * }</pre>
 */
public final class Manifest {
    /** Where Gson says a JSON error is: line, column and the path of the value. */
    private static final Pattern JSON_AT =
            Pattern.compile(" at line (\\d{1,9}) column (\\d{1,9})(?: path (\\S+))?");

    private static final Set<String> TOP = Set.of("format", "index_base", "app_width", "l1_classes", "l2_classes",
            "train", "validation", "test", "users");

    private final Path file;

    private Manifest(Path file) {
        this.file = file;
    }

    /**
     * Reads the manifest {@code file}.
     *
     * @throws SandwichException naming the file, and the key where there is one, when it cannot be read, is not
     *     valid JSON or TOML, has a key it does not know, or names a format or value that does not fit
     */
    public static DataFiles read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFormatException(file, 0, 0, "expected a readable manifest, found an error: " + e, e);
        }
        return parse(file, text);
    }

    /** As {@link #read}, of {@code text}, the contents of {@code file}. */
    static DataFiles parse(Path file, String text) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        Map<String, Object> tree;
        if (name.endsWith(".json")) {
            tree = json(file, text);
        } else if (name.endsWith(".toml")) {
            tree = toml(file, text);
        } else {
            throw new DataFormatException(file, 0, 0, "expected a manifest ending .json or .toml, found another name");
        }
        return new Manifest(file).files(tree);
    }

    private static Map<String, Object> json(Path file, String text) {
        try (Reader r = new StringReader(text)) {
            JsonReader reader = new JsonReader(r);
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (!e.isJsonObject()) {
                throw new DataFormatException(file, 0, 0, "expected a JSON object, found " + kind(e));
            }
            return fromJson(file, e.getAsJsonObject());
        } catch (JsonParseException | IOException e) {
            throw jsonError(file, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }

    /**
     * Gson's message ("Unterminated object at line 8 column 2 path $.users", with advice on leniency and a link) as
     * {@code file:8:2: expected JSON, found unterminated object at $.users}; Gson's exception is not kept, as it
     * is a runtime exception that says no more than its message.
     */
    private static DataFormatException jsonError(Path file, String gson) {
        String why = String.valueOf(gson).replaceFirst("(?s)\\s*See https?://\\S*\\s*$", "")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        Matcher m = JSON_AT.matcher(why);
        if (!m.find()) {
            return new DataFormatException(file, 0, 0, "expected JSON, found this: " + why);
        }
        String what = why.substring(0, m.start());
        String at = m.group(3) == null || m.group(3).equals("$") ? "" : " at " + m.group(3);
        return new DataFormatException(file, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                "expected JSON, found " + (what.isEmpty() ? "this" : Character.toLowerCase(what.charAt(0))
                        + what.substring(1)) + at);
    }

    private static Map<String, Object> fromJson(Path file, JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement v = e.getValue();
            Object value;
            if (v.isJsonObject()) {
                value = fromJson(file, v.getAsJsonObject());
            } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                value = v.getAsString();
            } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                JsonPrimitive p = v.getAsJsonPrimitive();
                value = p.getAsBigDecimal().stripTrailingZeros().scale() <= 0 ? (Object) p.getAsBigDecimal()
                        .toBigInteger().longValue() : p.getAsDouble();
            } else {
                value = v instanceof JsonArray ? List.of() : v.isJsonNull() ? null : v.toString();
            }
            m.put(e.getKey(), value);
        }
        return m;
    }

    private static String kind(JsonElement e) {
        return e.isJsonArray() ? "an array" : e.isJsonNull() ? "null" : "a single value";
    }

    private static Map<String, Object> toml(Path file, String text) {
        TomlParseResult r = Toml.parse(text);
        if (r.hasErrors()) {
            var first = r.errors().get(0);
            throw new DataFormatException(file, first.position().line(), first.position().column(),
                    "expected TOML, found this: " + first.getMessage());
        }
        return fromToml(r);
    }

    private static Map<String, Object> fromToml(TomlTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : t.entrySet()) {
            Object v = e.getValue();
            m.put(e.getKey(), v instanceof TomlTable sub ? fromToml(sub) : v instanceof TomlArray ? List.of() : v);
        }
        return m;
    }

    private DataFiles files(Map<String, Object> tree) {
        unknown(tree, TOP, "");
        VectorFormat all = tree.containsKey("format") ? format(tree.get("format"), "format") : null;
        Map<DataFiles.Role, DataFiles.File> files = new EnumMap<>(DataFiles.Role.class);
        for (String split : List.of("train", "validation", "test")) {
            Object v = tree.get(split);
            if (v == null) {
                continue;
            }
            if (!(v instanceof Map<?, ?> parts)) {
                throw refuse(split, "expected a table of files (app, l1, l2), found " + describe(v));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) parts;
            unknown(p, Set.of("app", "l1", "l2"), split + ".");
            for (Map.Entry<String, Object> e : p.entrySet()) {
                DataFiles.Role role = DataFiles.Role.of(split, e.getKey()).orElseThrow();
                files.put(role, file(e.getValue(), split + "." + e.getKey(), all, false));
            }
        }
        if (tree.containsKey("users")) {
            files.put(DataFiles.Role.USERS, file(tree.get("users"), "users", null, true));
        }
        Declared d = new Declared(whole(tree, "app_width"), whole(tree, "l1_classes"), whole(tree, "l2_classes"),
                tree.containsKey("index_base") ? whole(tree, "index_base") : -1);
        return new DataFiles(file, files, d);
    }

    private DataFiles.File file(Object v, String key, VectorFormat all, boolean users) {
        String path;
        VectorFormat format = all;
        if (v instanceof String s) {
            path = s;
        } else if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) m;
            unknown(entry, Set.of("file", "format"), key + ".");
            if (!(entry.get("file") instanceof String s)) {
                throw refuse(key, "expected \"file\" naming the file, found " + describe(entry.get("file")));
            }
            path = s;
            if (entry.containsKey("format")) {
                format = format(entry.get("format"), key + ".format");
            }
        } else {
            throw refuse(key, "expected a file name, or a table with \"file\" and \"format\", found " + describe(v));
        }
        if (path.isBlank()) {
            throw refuse(key, "expected a file name, found an empty one");
        }
        Path resolved = file.toAbsolutePath().getParent().resolve(path).normalize();
        if (format == null) {
            format = VectorFormat.of(resolved).orElseThrow(() -> refuse(key, "expected a format, given as \"format\""
                    + " or by the file's extension (" + VectorFormat.known() + "), found \"" + path + "\""));
        }
        if (users && format == VectorFormat.LIBSVM) {
            throw refuse(key, "expected user ids as .txt, .csv, .tsv or .npy, found the format libsvm");
        }
        return new DataFiles.File(resolved, format);
    }

    private VectorFormat format(Object v, String key) {
        if (!(v instanceof String s)) {
            throw refuse(key, "expected a format name, found " + describe(v));
        }
        return VectorFormat.named(s).orElseThrow(() -> refuse(key, "expected one of the formats "
                + String.join(", ", java.util.Arrays.stream(VectorFormat.values()).map(VectorFormat::label).toList())
                + ", found \"" + s + "\""));
    }

    private int whole(Map<String, Object> tree, String key) {
        Object v = tree.get(key);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
            throw refuse(key, "expected a whole number from 0, found " + describe(v));
        }
        return (int) (long) n;
    }

    private void unknown(Map<String, Object> m, Set<String> known, String prefix) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw refuse(prefix + k, "expected one of the keys " + String.join(", ", known.stream().sorted()
                        .toList()) + (prefix.isEmpty() ? "" : " here") + ", found \"" + k + "\"");
            }
        }
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v instanceof String s ? "\"" + s + "\"" : v instanceof Map ? "a table"
                : v instanceof List ? "a list" : String.valueOf(v);
    }

    private DataFormatException refuse(String key, String detail) {
        return new DataFormatException(file, 0, 0, key + ": " + detail);
    }
}
