package io.sandwich.train;

import io.sandwich.backend.Backend;
import io.sandwich.backend.CaptureFailedException;
import io.sandwich.backend.CapturedStep;
import io.sandwich.backend.Counter;
import io.sandwich.backend.Sums;
import io.sandwich.nn.Network;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The training steps of a stage's epochs, as captured steps ({@link Backend#capture}) replayed per batch: the first
 * batch of each size runs eagerly, which allocates the workspaces and optimiser state it needs and is a real step;
 * the step's code is then captured once and every later batch of that size is a replay (on a GPU one graph launch).
 * A stage has at most two sizes: full batches and the last, partial one. A step's code must take everything that
 * changes between steps from counters ({@link #step()}: the step of the epoch), since a replay does not run it.
 *
 * <p>Each epoch: the rows in the epoch's order ({@link io.sandwich.backend.EpochOrder}), the sums zeroed and the
 * step counter at 0, every step, then the networks' non-finite weights counted into the sums, which the host reads
 * once.
 */
final class EpochSteps implements AutoCloseable {
    private final Backend backend;
    private final String stage;
    private final BatchFeeder feeder;
    private final long orderSeed;
    private final List<Network> nets;
    private final int nonFiniteSlot;
    private final Progress progress;
    private final Counter step;
    private final Sums sums;
    private final double[] host;
    private final Map<Integer, CapturedStep> captured = new HashMap<>();

    /**
     * Steps over {@code feeder}'s rows; {@code slots} slots of sums, of which {@code nonFiniteSlot} takes the
     * count of non-finite weights of {@code nets}; each step is reported to {@code progress}.
     */
    EpochSteps(Backend backend, String stage, BatchFeeder feeder, long orderSeed, int slots, List<Network> nets,
            int nonFiniteSlot, Progress progress) {
        this.backend = backend;
        this.stage = stage;
        this.feeder = feeder;
        this.orderSeed = orderSeed;
        this.nets = nets;
        this.nonFiniteSlot = nonFiniteSlot;
        this.progress = progress;
        this.step = backend.allocateCounter();
        this.sums = backend.allocateSums(slots);
        this.host = new double[slots];
    }

    /** The step of the epoch, as the steps' operations read it when they run. */
    Counter step() {
        return step;
    }

    /** The sums the steps add their losses and hits to. */
    Sums sums() {
        return sums;
    }

    /**
     * Runs epoch {@code epoch}; {@code stepOfRows} gives the code of a step on that many rows, which must end by
     * incrementing {@link #step()}. Returns the sums as the host read them (owned by this object).
     */
    double[] run(int epoch, IntFunction<Runnable> stepOfRows) {
        feeder.shuffle(orderSeed, epoch);
        backend.zero(sums);
        backend.set(step, 0);
        for (int s = 0; s < feeder.steps(); s++) {
            if (progress.cancelled()) {
                throw new TrainingCancelledException(stage, epoch, s + 1, feeder.steps());
            }
            runStep(feeder.rowsOf(s), stepOfRows);
            progress.step();
        }
        for (Network net : nets) {
            backend.countNonFinite(net.parameters().flat(), sums, nonFiniteSlot);
        }
        backend.read(sums, host);
        return host;
    }

    /**
     * Runs one step of {@code rows} rows: a replay when that size was captured, else eagerly, then captured; where
     * the driver refuses the capture, that size runs eagerly from then on, with a notice.
     */
    void runStep(int rows, IntFunction<Runnable> stepOfRows) {
        CapturedStep done = captured.get(rows);
        if (done != null) {
            done.replay();
            return;
        }
        Runnable body = stepOfRows.apply(rows);
        body.run();
        String what = "a training step of " + stage + " on " + rows + " rows";
        CapturedStep step;
        try {
            step = backend.capture(what, body);
        } catch (CaptureFailedException e) {
            // nothing of the failed capture ran; the same operations, one by one, give the same numbers
            progress.notice(e.getMessage() + "; " + what + " runs without a graph from here on");
            step = CapturedStep.eager(body);
        }
        captured.put(rows, step);
    }

    @Override
    public void close() {
        captured.values().forEach(CapturedStep::close);
        captured.clear();
    }
}
