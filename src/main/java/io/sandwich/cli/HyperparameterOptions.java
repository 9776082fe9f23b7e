package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.api.Hyperparameter;
import io.sandwich.api.Settings;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The hyperparameter options of the commands that take them, made from their definitions
 * ({@link io.sandwich.api.Hyperparameters}): {@code --NAME}, its placeholder, its help, its default (the command's
 * own: reproduce trains 2 epochs per stage) and its check, which refuses a bad value as a malformed command line.
 */
final class HyperparameterOptions {
    private HyperparameterOptions() {
    }

    /** A command that takes hyperparameters. */
    interface Taking {
        /** The hyperparameters it takes, in the order its help lists them. */
        List<Hyperparameter<?>> hyperparameters();

        /** The settings it starts from. */
        Settings defaults();

        /** Whether its help says which of them a sweep may vary. */
        default boolean marksSweepable() {
            return false;
        }
    }

    /** Adds the options of every subcommand of {@code cl} that takes hyperparameters. */
    static void addTo(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof Taking t) {
                for (Hyperparameter<?> h : t.hyperparameters()) {
                    sub.getCommandSpec().addOption(option(h, t.defaults(), t.marksSweepable()));
                }
            }
        }
    }

    private static <T> OptionSpec option(Hyperparameter<T> h, Settings defaults, boolean markSweepable) {
        OptionSpec.Builder o = OptionSpec.builder("--" + h.name()).paramLabel(h.label()).type(Object.class)
                .converters(text -> {
                    try {
                        return h.parse(text);
                    } catch (SandwichException e) {
                        throw new CommandLine.TypeConversionException(e.getMessage());
                    }
                });
        String fallback = h.follows().map(f -> "--" + f.name()).orElseGet(() -> h.format(defaults.get(h)));
        if (h.follows().isEmpty()) {
            o.defaultValue(fallback);
        }
        return o.description(h.help() + " (default: " + fallback + ")." + (markSweepable && h.sweepable()
                ? " Sweepable" + (h.elements() > 0 ? ", also one element at a time as " + h.name() + "1.." + h.name()
                        + h.elements() : "") + "." : "")).build();
    }

    /** The settings the command line gives: the command's defaults, with each option that was matched or defaulted. */
    static Settings read(CommandSpec spec, Taking t) {
        Settings.Builder b = t.defaults().toBuilder();
        for (Hyperparameter<?> h : t.hyperparameters()) {
            Object v = spec.findOption("--" + h.name()).getValue();
            if (v != null) {
                put(b, h, v);
            }
        }
        return b.build();
    }

    @SuppressWarnings("unchecked") // the option's converter made a value of the hyperparameter's type
    private static <T> void put(Settings.Builder b, Hyperparameter<T> h, Object v) {
        b.set(h, (T) v);
    }
}
