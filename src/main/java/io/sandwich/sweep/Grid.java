package io.sandwich.sweep;

import io.sandwich.SandwichException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings a sweep varies, from {@code --grid OPTION=V1,V2,...} arguments: one axis per option, its values in
 * the order given. The configurations are every combination, the first axis varying slowest.
 *
 * @param axes the swept options, in the order given
 */
public record Grid(List<Axis> axes) {
    /**
     * One swept option.
     *
     * @param option the option's name without dashes, e.g. {@code lr}
     * @param values its values as written, e.g. {@code 1e-3}
     */
    public record Axis(String option, List<String> values) {
        /** Copies the list. */
        public Axis {
            values = List.copyOf(values);
        }
    }

    /** Copies the list. */
    public Grid {
        axes = List.copyOf(axes);
    }

    /**
     * Parses {@code OPTION=V1,V2,...} arguments, accepting the options in {@code known}; refuses with one sentence an
     * unknown or repeated option, a missing {@code =}, an empty value or list, and a value given twice.
     */
    public static Grid parse(List<String> specs, Set<String> known) {
        if (specs.isEmpty()) {
            throw new SandwichException("expected at least one " + SandwichException.setting("grid")
                    + " OPTION=V1,V2,... (options: " + String.join(", ", known) + ")");
        }
        List<Axis> axes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new SandwichException(where(spec) + ": expected OPTION=V1,V2,..., e.g. lr=1e-3,3e-3");
            }
            String option = spec.substring(0, eq).strip();
            if (option.startsWith("--")) {
                option = option.substring(2);
            }
            if (!known.contains(option)) {
                throw new SandwichException(where(spec) + ": cannot sweep \"" + option + "\" (options: "
                        + String.join(", ", known) + ")");
            }
            if (!seen.add(option)) {
                throw new SandwichException(where(spec) + ": " + option + " is swept twice; give its values in"
                        + " one " + SandwichException.setting("grid"));
            }
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",", -1)) {
                String value = v.strip();
                if (value.isEmpty()) {
                    throw new SandwichException(where(spec) + ": expected a non-empty list of values separated"
                            + " by commas, found an empty one");
                }
                if (values.contains(value)) {
                    throw new SandwichException(where(spec) + ": the value " + value + " is given twice");
                }
                values.add(value);
            }
            axes.add(new Axis(option, values));
        }
        return new Grid(axes);
    }

    private static String where(String spec) {
        return SandwichException.setting("grid") + " " + spec;
    }

    /** The swept options' names, in order. */
    public List<String> options() {
        return axes.stream().map(Axis::option).toList();
    }

    /** Every combination of values, option to value, the first axis varying slowest. */
    public List<Map<String, String>> configurations() {
        List<Map<String, String>> all = new ArrayList<>();
        all.add(new LinkedHashMap<>());
        for (Axis a : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : all) {
                for (String v : a.values()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(a.option(), v);
                    next.add(m);
                }
            }
            all = next;
        }
        return all.stream().map(Collections::unmodifiableMap).toList();
    }

    /** {@code lr=1e-3 dropout1=0.1}: a configuration in the command line's words. */
    public static String describe(Map<String, String> configuration) {
        StringBuilder b = new StringBuilder();
        configuration.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }
}
