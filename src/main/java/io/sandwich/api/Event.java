package io.sandwich.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What a {@link Listener} hears: each event is a record of what happened, and the line a person would read. */
public sealed interface Event {
    /** The event as a line for people (what the command line prints). */
    String describe();

    /**
     * A notice on how the run was set up: which device {@code auto} chose and why, a GPU feature that fell back,
     * that a resumed run will not be bit-identical.
     *
     * @param text the notice, the settings it names marked as {@link io.sandwich.SandwichException#setting} marks
     *     them
     */
    record Notice(String text) implements Event {
        @Override
        public String describe() {
            return io.sandwich.SandwichException.named(text, java.util.function.UnaryOperator.identity());
        }
    }

    /**
     * A line of a command's own output that no other event carries: a reproduction's or sweep's plan, a merge.
     *
     * @param text the line
     */
    record Said(String text) implements Event {
        @Override
        public String describe() {
            return text;
        }
    }

    /**
     * A training run starts.
     *
     * @param model the model's name
     * @param loss its loss
     * @param data where its data is
     * @param protocol its protocol
     * @param device the device it computes on
     */
    record RunStarted(String model, Loss loss, String data, Protocol protocol, String device) implements Event {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "training %s with %s loss on %s (%s, device %s)", model, loss, data,
                    protocol, device);
        }
    }

    /**
     * A checkpointed run continues.
     *
     * @param checkpoint the checkpoint it continues from
     */
    record Resumed(Path checkpoint) implements Event {
        @Override
        public String describe() {
            return "resuming from " + checkpoint;
        }
    }

    /**
     * A stage begins.
     *
     * @param stage its name
     * @param steps its training steps, all epochs together
     */
    record StageStarted(String stage, long steps) implements Event {
        @Override
        public String describe() {
            return "stage " + stage + ": " + steps + " steps";
        }
    }

    /**
     * An epoch ended.
     *
     * @param epoch what it measured
     */
    record EpochFinished(Epoch epoch) implements Event {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%s epoch %d: train loss %.5f, validation accuracy %.4f",
                    epoch.stage(), epoch.epoch(), epoch.trainLoss(), epoch.valAccuracy());
        }
    }

    /**
     * A stage ended, its last epoch run or early stopping having ended it.
     *
     * @param stage its name
     */
    record StageFinished(String stage) implements Event {
        @Override
        public String describe() {
            return "stage " + stage + " finished";
        }
    }

    /**
     * One run of a reproduction or a sweep ended, trained or reused from its stored result.
     *
     * @param what which run, e.g. {@code baseline + masked}
     * @param seed its seed
     * @param test its test scores (a sweep's: its best validation accuracy stands in the line instead)
     * @param testL1 the test scores of a second, L1 output
     * @param reused whether it was reused from {@code OUT/runs/}
     * @param line the line the command line prints for it
     */
    record RunFinished(String what, long seed, Evaluation test, Optional<Evaluation> testL1, boolean reused,
            String line) implements Event {
        @Override
        public String describe() {
            return line;
        }
    }
}
