package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.api.Listener;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Where a command prints: its results to standard output, progress bars and notices through a listener. */
final class Console {
    private Console() {
    }

    /** Where the command prints its results. */
    static PrintWriter out(CommandSpec command) {
        return command.commandLine().getOut();
    }

    /**
     * Refuses the options given besides {@code mode} that are not in {@code allowed}, in one sentence that starts
     * with {@code why} and names both lists ({@code --verbose} is always allowed).
     */
    static void allowOnly(CommandSpec command, String mode, List<String> allowed, String why) {
        List<String> extra = command.commandLine().getParseResult().matchedOptions().stream()
                .map(o -> o.longestName()).filter(n -> !n.equals(mode) && !n.equals("--verbose")
                        && !allowed.contains(n)).distinct().toList();
        if (!extra.isEmpty()) {
            throw new SandwichException(why + "; drop " + String.join(", ", extra) + " (allowed with it: "
                    + String.join(", ", allowed) + ")");
        }
    }

    /** The models' names as a sentence lists them: {@code app2l1, no-transfer, ... or bidirectional}. */
    static String models() {
        List<String> names = io.sandwich.api.Models.ALL.stream().map(io.sandwich.api.Recipe::name).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** Progress bars on a terminal (unless {@code quiet}), lines to standard output, notices to standard error. */
    static Listener listener(CommandSpec command, boolean quiet) {
        return new ConsoleListener(quiet, out(command), command.commandLine().getErr());
    }
}
