package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.api.Event;
import io.sandwich.api.Listener;
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
    public void onEvent(Event event) {
        if (event instanceof Event.StageStarted s) {
            if (bars) {
                bar = new ProgressBarBuilder().setTaskName(s.stage()).setInitialMax(s.steps())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" steps", 1)
                        .clearDisplayOnFinish().build();
            }
        } else if (event instanceof Event.EpochFinished e) {
            if (bar != null) {
                bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d val acc %.3f", e.epoch().epoch(),
                        e.epoch().valAccuracy()));
            }
        } else if (event instanceof Event.StageFinished) {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        } else if (event instanceof Event.Notice n) {
            err.println(SandwichException.named(n.text(), Main::flag));
            err.flush();
        } else {
            out.println(event.describe());
            out.flush();
        }
    }

    @Override
    public void onStep() {
        if (bar != null) {
            bar.step();
        }
    }
}
