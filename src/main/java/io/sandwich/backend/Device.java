package io.sandwich.backend;

import io.sandwich.SandwichException;
import java.util.Locale;

/**
 * Where to compute: a tiny value class ({@code Device.cpu()}, {@code Device.gpu(0)}) plus the {@code auto}
 * request, parsed from the command line's {@code --device}.
 *
 * @param kind CPU, GPU or AUTO (a request resolved by {@link Backends#open})
 * @param index GPU ordinal, 0 for the others
 */
public record Device(Kind kind, int index) {
    /** The device kinds. */
    public enum Kind { CPU, GPU, AUTO }

    /** The host CPU. */
    public static Device cpu() {
        return new Device(Kind.CPU, 0);
    }

    /** The GPU with the given ordinal. */
    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /** "Use a GPU when one works, else the CPU." */
    public static Device auto() {
        return new Device(Kind.AUTO, 0);
    }

    /** Parses {@code cpu}, {@code gpu}, {@code gpu1}, {@code gpu:1}, {@code cuda:0} or {@code auto}. */
    public static Device fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return cpu();
        }
        if (n.equals("auto")) {
            return auto();
        }
        for (String prefix : new String[] {"gpu", "cuda"}) {
            if (n.startsWith(prefix)) {
                String rest = n.substring(prefix.length());
                if (rest.startsWith(":")) {
                    rest = rest.substring(1);
                }
                if (rest.isEmpty()) {
                    return gpu(0);
                }
                try {
                    int i = Integer.parseInt(rest);
                    if (i >= 0) {
                        return gpu(i);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw new SandwichException("expected a device among cpu, gpu, gpuN, auto, found \"" + name + "\"");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CPU -> "cpu";
            case AUTO -> "auto";
            case GPU -> "gpu" + index;
        };
    }
}
