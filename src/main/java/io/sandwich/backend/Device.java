package io.sandwich.backend;

import io.sandwich.SandwichException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to compute, as DJL names it: a device type and an index ({@code Device.cpu()}, {@code Device.gpu(0)}),
 * parsed from the command line's {@code --device}. The request {@code auto} is not a device: {@link Backends#open(
 * String, Backends.Options, java.util.function.Consumer)} resolves it to one.
 *
 * @param kind CPU or GPU
 * @param index GPU ordinal, 0 for the CPU
 */
public record Device(Kind kind, int index) {
    /** The device types. */
    public enum Kind { CPU, GPU }

    /** A device of {@code kind}; a negative index, or a CPU other than 0, is an error. */
    public Device {
        Objects.requireNonNull(kind, "kind");
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("no device " + kind + " " + index);
        }
    }

    /** The host CPU. */
    public static Device cpu() {
        return new Device(Kind.CPU, 0);
    }

    /** The GPU with the given ordinal. */
    public static Device gpu(int index) {
        return new Device(Kind.GPU, index);
    }

    /** Parses {@code cpu}, {@code gpu}, {@code gpu1}, {@code gpu:1} or {@code cuda:0}; empty for anything else. */
    public static Optional<Device> parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Optional.of(cpu());
        }
        for (String prefix : new String[] {"gpu", "cuda"}) {
            if (n.startsWith(prefix)) {
                String rest = n.substring(prefix.length());
                if (rest.startsWith(":")) {
                    rest = rest.substring(1);
                }
                if (rest.isEmpty()) {
                    return Optional.of(gpu(0));
                }
                try {
                    int i = Integer.parseInt(rest);
                    if (i >= 0) {
                        return Optional.of(gpu(i));
                    }
                } catch (NumberFormatException e) {
                    // not a device name: empty below
                }
            }
        }
        return Optional.empty();
    }

    /** As {@link #parse}, refusing anything else with a sentence. */
    public static Device fromName(String name) {
        return parse(name).orElseThrow(() -> new SandwichException("expected a device among cpu, gpu, gpuN, found \""
                + name + "\""));
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "gpu" + index;
    }
}
