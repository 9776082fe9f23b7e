package io.sandwich.cli;

import io.sandwich.api.Cancellation;
import io.sandwich.api.Listener;
import io.sandwich.api.RunCancelledException;
import io.sandwich.api.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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

    /** Exit status of a run stopped by a signal: 128 + 15, as a shell reports a process ended by SIGTERM. */
    static final int STOPPED = 143;
    private static final CountDownLatch ENDED = new CountDownLatch(1);

    /**
     * Runs {@code body} with a cancellation that SIGTERM or SIGINT sets (a scheduler's preemption or its notice,
     * {@code scancel}, Ctrl-C): the run stops at its next step with its checkpoints kept, says so in one line, and
     * the JVM waits for that, up to two minutes, before it exits with {@link #STOPPED}.
     */
    Integer stoppable(Function<Cancellation, Integer> body) {
        Cancellation stop = new Cancellation();
        Thread hook = new Thread(() -> {
            stop.cancel();
            try {
                ENDED.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandwich-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.apply(stop);
        } catch (RunCancelledException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("stopped: " + e.message(Main::flag));
            err.flush();
            return STOPPED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is stopping: the hook waits for commandEnded, after the command's last line
            }
        }
    }

    /** Lets a JVM stopped by a signal exit: the command has ended and printed its last line ({@link Main#main}). */
    static void commandEnded() {
        ENDED.countDown();
    }

    /** The settings the command line gives. */
    Settings settings() {
        return HyperparameterOptions.read(spec, this);
    }
}
