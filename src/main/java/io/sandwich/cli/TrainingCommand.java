package io.sandwich.cli;

import io.sandwich.api.Listener;
import io.sandwich.api.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the commands that train (train, reproduce, sweep, bench) share: their options besides the hyperparameters,
 * where they print, and the settings their hyperparameter options give.
 */
abstract class TrainingCommand implements Callable<Integer>, HyperparameterOptions.Taking {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    /** Where the command prints its results. */
    PrintWriter out() {
        return Console.out(spec);
    }

    /** Progress bars unless {@code --quiet}, lines to standard output, notices to standard error. */
    Listener listener() {
        return Console.listener(spec, training.quiet);
    }

    /** The settings the command line gives. */
    Settings settings() {
        return HyperparameterOptions.read(spec, this);
    }
}
