package io.sandwich.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import io.sandwich.SandwichException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One hyperparameter, defined once ({@link Hyperparameters} holds them all): its name, type, default, check, help
 * and whether a sweep may vary it. Everything else derives from the definition: the command line's option
 * {@code --NAME}, the sweep grid's {@code NAME=V1,V2}, the run record's {@code NAME} (dashes as underscores) and the
 * comparison of two runs. A list's elements can also be swept one at a time, as {@code NAME1}, {@code NAME2}, ....
 *
 * @param <T> its type: {@code Integer}, {@code Long}, {@code Float}, {@link Loss}, {@link Protocol}, or a
 *     {@code List} of {@code Float} or {@code Integer}
 */
public final class Hyperparameter<T> {
    private final String name;
    private final String label;
    private final T fallback;
    private final Hyperparameter<T> follows;
    private final String help;
    private final boolean sweepable;
    private final Function<String, T> parse;
    private final Function<T, String> format;
    private final Function<T, JsonElement> json;
    private final int elements;

    private Hyperparameter(String name, String label, T fallback, Hyperparameter<T> follows, String help,
            boolean sweepable, Function<String, T> parse, Function<T, String> format, Function<T, JsonElement> json,
            int elements) {
        this.name = name;
        this.label = label;
        this.fallback = fallback;
        this.follows = follows;
        this.help = help;
        this.sweepable = sweepable;
        this.parse = parse;
        this.format = format;
        this.json = json;
        this.elements = elements;
        if (fallback != null) {
            check(fallback);
        }
    }

    /** An integer of at least {@code min}; a value below is refused as "expected {@code phrase}, found V". */
    static Hyperparameter<Integer> integer(String name, int fallback, int min, String phrase, String help,
            boolean sweepable) {
        return new Hyperparameter<>(name, "N", fallback, null, help, sweepable, text -> {
            int v = whole(text, Integer::parseInt);
            return at(v >= min, v, phrase);
        }, String::valueOf, v -> new JsonPrimitive(v), 0);
    }

    /** A 64-bit integer, any value. */
    static Hyperparameter<Long> longInteger(String name, long fallback, String help) {
        return new Hyperparameter<>(name, "S", fallback, null, help, false, text -> whole(text, Long::parseLong),
                String::valueOf, v -> new JsonPrimitive(v), 0);
    }

    /** A finite number that {@code ok} accepts; others are refused as "expected {@code phrase}, found V". */
    static Hyperparameter<Float> real(String name, String label, float fallback, Predicate<Float> ok, String phrase,
            String help, boolean sweepable) {
        return new Hyperparameter<>(name, label, fallback, null, help, sweepable, realParser(ok, phrase),
                v -> Float.toString(v), v -> decimal(v), 0);
    }

    /** As {@link #real}, defaulting to the value of {@code follows}. */
    static Hyperparameter<Float> real(String name, String label, Hyperparameter<Float> follows, Predicate<Float> ok,
            String phrase, String help, boolean sweepable) {
        return new Hyperparameter<>(name, label, null, follows, help, sweepable, realParser(ok, phrase),
                v -> Float.toString(v), v -> decimal(v), 0);
    }

    /**
     * Exactly {@code count} numbers that {@code ok} accepts, written {@code a,b,c} (in a grid, {@code a/b/c}); a
     * number it refuses is "expected {@code phrase}, found V", a wrong count "expected {@code counted} separated by
     * commas ...".
     */
    static Hyperparameter<List<Float>> reals(String name, String label, List<Float> fallback, int count,
            Predicate<Float> ok, String phrase, String counted, String help, boolean sweepable) {
        Function<String, Float> element = realParser(ok, phrase);
        return new Hyperparameter<>(name, label, List.copyOf(fallback), null, help, sweepable, text -> {
            String[] parts = text.split("[,/]", -1);
            if (parts.length != count) {
                throw new SandwichException("expected " + counted + " separated by commas (in a grid by slashes, e.g."
                        + " " + String.join("/", fallback.stream().map(String::valueOf).toList()) + "), found "
                        + parts.length);
            }
            List<Float> v = new ArrayList<>();
            for (String p : parts) {
                v.add(element.apply(p));
            }
            return List.copyOf(v);
        }, v -> v.stream().map(String::valueOf).collect(Collectors.joining(",")), v -> {
            JsonArray a = new JsonArray();
            v.forEach(x -> a.add(decimal(x)));
            return a;
        }, count);
    }

    /**
     * One or more integers of at least {@code min}, as many as the user writes, separated by commas (in a grid by
     * slashes); an integer below is refused as "expected {@code phrase}, found V".
     */
    static Hyperparameter<List<Integer>> integers(String name, String label, List<Integer> fallback, int min,
            String phrase, String help, boolean sweepable) {
        return new Hyperparameter<>(name, label, List.copyOf(fallback), null, help, sweepable, text -> {
            List<Integer> v = new ArrayList<>();
            for (String p : text.split("[,/]", -1)) {
                int n = whole(p.strip(), Integer::parseInt);
                v.add(at(n >= min, n, phrase));
            }
            return List.copyOf(v);
        }, v -> v.stream().map(String::valueOf).collect(Collectors.joining(",")), v -> {
            JsonArray a = new JsonArray();
            v.forEach(a::add);
            return a;
        }, 0);
    }

    /** One of an enum's constants, by the name its {@code toString} gives. */
    static <E extends Enum<E>> Hyperparameter<E> choice(String name, Class<E> type, E fallback,
            Function<String, E> named, String help, boolean sweepable) {
        String label = Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining("|"));
        return new Hyperparameter<>(name, label.length() > 16 ? "NAME" : label, fallback, null, help, sweepable,
                named, Object::toString, v -> new JsonPrimitive(v.toString()), 0);
    }

    /** Its name: {@code --NAME} on the command line, {@code NAME=...} in a grid. */
    public String name() {
        return name;
    }

    /** What it is, in a sentence for {@code --help}. */
    public String help() {
        return help;
    }

    /** Whether a sweep's grid may vary it. */
    public boolean sweepable() {
        return sweepable;
    }

    /** Its default; empty for one that defaults to another's value ({@link #follows()}). */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(fallback);
    }

    /** The hyperparameter whose value this one takes unless it is set ({@code lr-e} follows {@code lr}). */
    public Optional<Hyperparameter<T>> follows() {
        return Optional.ofNullable(follows);
    }

    /** How many elements a list has (a grid may sweep each as {@code NAME1}, ...); 0 for one value. */
    public int elements() {
        return elements;
    }

    /** A short placeholder for its value in help texts: {@code N}, {@code LR}, {@code mse|masked|...}. */
    public String label() {
        return label;
    }

    /**
     * The value {@code text} writes, checked.
     *
     * @throws SandwichException "expected ..., found ..." when {@code text} is not a valid value
     */
    public T parse(String text) {
        return parse.apply(text.strip());
    }

    /** {@code value} as text that {@link #parse} reads back. */
    public String format(T value) {
        return format.apply(value);
    }

    /**
     * {@code value}, checked as {@link #parse} checks text.
     *
     * @throws SandwichException when it is out of range
     */
    T check(T value) {
        return parse(format(value));
    }

    /** {@code value} for a run record: numbers as the decimals their text writes, names as strings. */
    JsonElement toJson(T value) {
        return json.apply(value);
    }

    /** The value a run record holds. */
    T fromJson(JsonElement e) {
        if (e.isJsonArray()) {
            return parse(e.getAsJsonArray().asList().stream().map(JsonElement::getAsString)
                    .collect(Collectors.joining(",")));
        }
        return parse(e.getAsString());
    }

    /** Its key in a run record. */
    String key() {
        return name.replace('-', '_');
    }

    @Override
    public String toString() {
        return name;
    }

    private static Function<String, Float> realParser(Predicate<Float> ok, String phrase) {
        return text -> {
            float v;
            try {
                v = Float.parseFloat(text);
            } catch (NumberFormatException e) {
                throw new SandwichException("expected a number, found \"" + text + "\"");
            }
            return at(Float.isFinite(v) && ok.test(v), v, phrase);
        };
    }

    private static <N extends Number> N whole(String text, Function<String, N> parse) {
        try {
            return parse.apply(text);
        } catch (NumberFormatException e) {
            throw new SandwichException("expected a whole number, found \"" + text + "\"");
        }
    }

    private static <V> V at(boolean ok, V v, String phrase) {
        if (!ok) {
            throw new SandwichException("expected " + phrase + ", found " + v);
        }
        return v;
    }

    /** The float as the decimal its shortest text writes, so that a record read back compares equal. */
    private static JsonPrimitive decimal(float v) {
        return new JsonPrimitive(new BigDecimal(Float.toString(v)));
    }
}
