package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.api.Sandwich;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the {@code sandwich} command. */
@Command(name = "sandwich", mixinStandardHelpOptions = true, versionProvider = Main.Versions.class,
        scope = CommandLine.ScopeType.INHERIT, footerHeading = "%nExamples:%n", footer = {
            "  scripts/sandwich reproduce",
            "  scripts/sandwich train --model app2l1 --epochs 5",
            "  scripts/sandwich help train"},
        description = "Trains the sandwiched transfer models (App -> L1 -> L2) on the CPU (OpenBLAS) or an NVIDIA GPU"
                + " (CUDA: cuBLAS, cuSPARSE, CUDA graphs), with the same numbers on both; reproduces the report's"
                + " Table 1, runs sweeps, benchmarks.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ReproduceCommand.class,
            SweepCommand.class, InspectCommand.class, BenchCommand.class, BenchChartCommand.class,
            RankEvalCommand.class, GenerateCommand.class, DoctorCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the full stack trace of an error.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "expected a subcommand (see --help)");
    }

    /** {@code --version}: sandwich's version and commit, and those of Java and the native bindings. */
    static final class Versions implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return Sandwich.versions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .toArray(String[]::new);
        }
    }

    /** The command line with the project's one-line error handling. */
    public static CommandLine commandLine() {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Main());
        HyperparameterOptions.addTo(cl);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage().strip().replace('\n', ' ');
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            }
            err.println("error: " + message + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            boolean verbose = parseResult.matchedOption("--verbose") != null
                    || parseResult.subcommand() != null && parseResult.subcommand().matchedOption("--verbose") != null;
            if (ex instanceof SandwichException s && !verbose) {
                err.println("error: " + s.message(Main::flag));
            } else if (!verbose) {
                err.println("error: " + ex + " (run with --verbose for details)");
            } else {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    /** The flag of the setting the API calls {@code name}: {@code checkpointEvery} is {@code --checkpoint-every}. */
    static String flag(String name) {
        return "--" + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status = commandLine().execute(args);
        TrainingCommand.commandEnded();
        System.exit(status);
    }
}
