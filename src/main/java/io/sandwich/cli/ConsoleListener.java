package io.sandwich.cli;

import io.sandwich.api.Listener;
import io.sandwich.train.EpochStats;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A run as the terminal shows it: a progress bar (me.tongfei progressbar) over the steps of each training stage,
 * only on an interactive terminal and not with {@code --quiet}; the run's lines on standard output and its notices
 * on standard error.
 */
final class ConsoleListener implements Listener {
    private final boolean bars;
    private final PrintWriter out;
    private final PrintWriter err;
    private ProgressBar bar;

    ConsoleListener(boolean quiet, PrintWriter out, PrintWriter err) {
        this.bars = !quiet && System.console() != null;
        this.out = out;
        this.err = err;
    }

    @Override
    public void start(String stage, long totalSteps) {
        if (bars) {
            bar = new ProgressBarBuilder().setTaskName(stage).setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" steps", 1)
                    .clearDisplayOnFinish().build();
        }
    }

    @Override
    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void epoch(EpochStats s) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d val acc %.3f", s.epoch(), s.valAccuracy()));
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void say(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void notice(String line) {
        err.println(line);
        err.flush();
    }
}
