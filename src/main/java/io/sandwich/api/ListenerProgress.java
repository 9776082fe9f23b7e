package io.sandwich.api;

import io.sandwich.train.EpochStats;
import io.sandwich.train.Progress;

/** The trainers' progress as a {@link Listener}'s events, and a {@link Cancellation} as their question. */
final class ListenerProgress implements Progress {
    private final Listener listener;
    private final Cancellation cancellation;
    private String stage;

    ListenerProgress(Listener listener, Cancellation cancellation) {
        this.listener = listener;
        this.cancellation = cancellation;
    }

    /** Progress heard by {@code listener}, never cancelled. */
    static ListenerProgress of(Listener listener) {
        return new ListenerProgress(listener, new Cancellation());
    }

    @Override
    public void start(String name, long totalSteps) {
        stage = name;
        listener.onEvent(new Event.StageStarted(name, totalSteps));
    }

    @Override
    public void step() {
        listener.onStep();
    }

    @Override
    public void epoch(EpochStats stats) {
        listener.onEvent(new Event.EpochFinished(Epoch.of(stats)));
    }

    @Override
    public void finish() {
        listener.onEvent(new Event.StageFinished(stage));
    }

    @Override
    public void notice(String text) {
        listener.onEvent(new Event.Notice(text));
    }

    @Override
    public boolean cancelled() {
        return cancellation.isCancelled();
    }
}
