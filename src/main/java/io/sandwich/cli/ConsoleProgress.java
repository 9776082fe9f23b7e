package io.sandwich.cli;

import io.sandwich.train.EpochStats;
import io.sandwich.train.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar (me.tongfei progressbar) over the steps of each training stage. */
final class ConsoleProgress implements Progress {
    private ProgressBar bar;
    private String prefix = "";

    /** Progress to the terminal when there is one, none otherwise or when {@code quiet}. */
    static Progress forConsole(boolean quiet) {
        return quiet || System.console() == null ? Progress.NONE : new ConsoleProgress();
    }

    /** Text shown before each stage name, e.g. the model and seed of a reproduce row. */
    void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void start(String stage, long totalSteps) {
        bar = new ProgressBarBuilder().setTaskName(prefix + stage).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" steps", 1)
                .clearDisplayOnFinish().build();
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
            bar.setExtraMessage(String.format(" epoch %d val acc %.3f", s.epoch(), s.valAccuracy()));
        }
    }

    @Override
    public void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
