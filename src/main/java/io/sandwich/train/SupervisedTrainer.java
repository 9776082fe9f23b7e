package io.sandwich.train;

import io.sandwich.backend.Backend;
import io.sandwich.backend.Counter;
import io.sandwich.backend.LossKind;
import io.sandwich.backend.StepIndex;
import io.sandwich.backend.Sums;
import io.sandwich.nn.Batch;
import io.sandwich.backend.Tensor;
import io.sandwich.nn.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Mini-batch training of one network on one stage: shuffle per epoch, forward, fused loss and gradient,
 * backward, one Adam step per batch; validation after every epoch; at the end the parameters are those of the
 * epoch with the best validation accuracy (the first such epoch on ties). With a patience the stage stops early once
 * that accuracy has not improved for so many epochs ({@link TrainConfig#stopsAfter}).
 *
 * <p>Each step is a captured step replayed per batch ({@link EpochSteps}): the batch's rows, its loss slot,
 * dropout's position and Adam's step count come from counters on the backend, and the host reads the backend once
 * per epoch (the epoch's losses and hits) and never in between.
 */
public final class SupervisedTrainer {
    private static final int LOSS = 0;
    private static final int CORRECT = 1;
    private static final int NON_FINITE = 3;
    private static final int SLOTS = 4;

    private final Backend backend;
    private final Progress progress;

    /** A trainer on the given backend reporting steps to {@code progress}. */
    public SupervisedTrainer(Backend backend, Progress progress) {
        this.backend = backend;
        this.progress = progress;
    }

    /**
     * Trains {@code net} on {@code train}, selecting on {@code validation} (may be null: then the last epoch is
     * kept), and returns every epoch's statistics; each is also passed to {@code onEpoch} as it completes.
     */
    public List<EpochStats> train(String stage, Network net, LabelledSet train, LabelledSet validation,
            TrainConfig cfg, Consumer<EpochStats> onEpoch) {
        return train(stage, net, train, validation, cfg, onEpoch, StageCheckpoint.NONE);
    }

    /**
     * As {@link #train(String, Network, LabelledSet, LabelledSet, TrainConfig, Consumer)}, continuing from
     * {@code ck}'s state when it has one (the returned statistics are then those of the epochs run here) and
     * offering {@code ck} the state after every epoch. A NaN or infinite loss or weight stops training with a
     * {@link TrainingDivergedException} naming the epoch, the step and {@code ck}'s last good checkpoint.
     */
    public List<EpochStats> train(String stage, Network net, LabelledSet train, LabelledSet validation,
            TrainConfig cfg, Consumer<EpochStats> onEpoch, StageCheckpoint ck) {
        BatchFeeder feeder = new BatchFeeder(backend, train, cfg.batchSize());
        BatchFeeder valFeeder = validation == null ? null : new BatchFeeder(backend, validation, cfg.batchSize());
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        net.seedDropout(rnd.nextLong());
        long orderSeed = rnd.nextLong();
        int steps = feeder.steps();
        Snapshot best = new Snapshot(backend, List.of(net));
        int first = best.resume(ck.resumeFrom(), stage, cfg.epochs());
        List<EpochStats> history = new ArrayList<>();
        progress.start(stage, (long) (cfg.epochs() - first + 1) * steps);
        // slots: validation loss, hits, top-k hits, non-finite weights; then one training-loss slot per step
        try (EpochSteps epochs = new EpochSteps(backend, stage, feeder, orderSeed, SLOTS + steps, List.of(net),
                NON_FINITE, progress)) {
            Sums sums = epochs.sums();
            for (int epoch = first; !cfg.stopsAfter(epoch - 1, best.epoch()); epoch++) {
                long t0 = System.nanoTime();
                double[] host = epochs.run(epoch, rows -> () -> step(net, feeder, epochs.step(), rows, cfg, sums));
                double trainLoss = Divergence.sumSteps(host, SLOTS, 1, steps, stage, epoch, ck) / feeder.rows();
                Divergence.checkWeights(List.of(net), host[NON_FINITE], stage, epoch, steps, ck);
                double trainHits = host[CORRECT];
                Evaluation val = valFeeder == null ? null : evaluate(net, valFeeder, cfg.loss(), cfg.topK(), sums);
                double valAcc = val == null ? Double.NaN : val.accuracy();
                best.offer(epoch, valAcc);
                EpochStats stats = new EpochStats(stage, epoch, trainLoss, trainHits / feeder.rows(),
                        val == null ? Double.NaN : val.loss(), valAcc, val == null ? Double.NaN : val.topK(),
                        (System.nanoTime() - t0) / 1e9);
                history.add(stats);
                progress.epoch(stats);
                onEpoch.accept(stats);
                int done = epoch;
                ck.afterEpoch(epoch, () -> best.capture(stage, done));
            }
        } finally {
            progress.finish();
        }
        best.restore();
        return history;
    }

    /** One training step on the {@code rows} rows of the step {@code step} holds when it runs; then the next step. */
    private void step(Network net, BatchFeeder feeder, Counter step, int rows, TrainConfig cfg, Sums sums) {
        Batch xb = feeder.inputs(step, rows);
        Tensor yb = feeder.targets(step, rows, 0);
        Tensor out = net.forward(xb, true);
        backend.lossAndGradient(cfg.loss(), out, yb, 1f, net.last().outputGrad(), sums, StepIndex.of(step, SLOTS, 1));
        backend.countCorrect(out, yb, cfg.topK(), sums, CORRECT);
        net.backward(false, false);
        net.parameters().adamStep(cfg.adam());
        backend.increment(step);
    }

    /** Loss and accuracies of {@code net} (no dropout) on a labelled set. */
    public Evaluation evaluate(Network net, LabelledSet set, LossKind loss, int topK) {
        return evaluate(net, new BatchFeeder(backend, set, 512), loss, topK, backend.allocateSums(SLOTS));
    }

    /** Scores {@code net} on a feeder's rows in their natural order, adding into {@code sums} (3 slots at least). */
    Evaluation evaluate(Network net, BatchFeeder feeder, LossKind loss, int topK, Sums sums) {
        backend.zero(sums);
        for (int step = 0; step < feeder.steps(); step++) {
            Tensor out = net.forward(feeder.inputs(step), false);
            Tensor yb = feeder.targets(step);
            backend.loss(loss, out, yb, sums, LOSS);
            backend.countCorrect(out, yb, topK, sums, CORRECT);
        }
        double[] host = new double[sums.slots()];
        backend.read(sums, host);
        int n = feeder.rows();
        return new Evaluation(n, host[LOSS] / n, host[CORRECT] / n, host[CORRECT + 1] / n);
    }

    /** Outputs of {@code net} (no dropout) for every row of {@code inputs}, row-major. */
    public float[] predict(Network net, io.sandwich.data.CsrMatrix inputs) {
        LabelledSet set = new LabelledSet("inputs", inputs, inputs); // targets are never gathered here
        BatchFeeder feeder = new BatchFeeder(backend, set, 512);
        int width = net.outputWidth();
        float[] all = new float[set.rows() * width];
        float[] buf = new float[512 * width];
        int row = 0;
        for (int step = 0; step < feeder.steps(); step++) {
            Tensor out = net.forward(feeder.inputs(step), false);
            backend.download(out, buf);
            System.arraycopy(buf, 0, all, row * width, out.size());
            row += out.rows();
        }
        return all;
    }
}
