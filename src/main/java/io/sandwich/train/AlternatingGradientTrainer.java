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
 * The report's Algorithm 1 (alternating gradients) for the bi-directional sandwich, as this project reads it.
 *
 * <p>Encoder E: App -> L1, decoder D: App -> L2, connectors C12: L1 -> L2 and C21: L2 -> L1, which act only in
 * the backward pass. With {@code l_e = loss(E(x), y1) + loss(C21(D(x)), y1)} and
 * {@code l_d = loss(D(x), y2) + loss(C12(E(x)), y2)}, each step runs three phases, each a fresh forward and a real
 * backward pass at the current weights, each followed by its own Adam update:
 * <ol>
 *   <li>E by a_e with the gradient of its own term {@code loss(E(x), y1)}; D by a_d with {@code loss(D(x), y2)};
 *   <li>the connectors: C12 by a_d with {@code dl_d/dw_c12}, C21 by a_e with {@code dl_e/dw_c21};
 *   <li>D by a_e with {@code dl_e/dw_d} through C21, and E by a_d with {@code dl_d/dw_e} through C12.
 * </ol>
 * Adam state is kept per phase group: E and D each have one set of moments for phase 1 (optimiser slot 0) and
 * another for phase 3 (slot 1); each connector has its own. A whole step, all three phases, is one captured step
 * replayed per batch ({@link EpochSteps}), as in {@link SupervisedTrainer}.
 */
public final class AlternatingGradientTrainer {
    /** Optimiser slot of phase 1 (own terms). */
    public static final int OWN = 0;
    /** Optimiser slot of phase 3 (through the connectors). */
    public static final int CROSS = 1;

    private static final int LOSS_E = 0;
    private static final int HITS_L1 = 2;
    private static final int HITS_L2 = 4;
    private static final int NON_FINITE = 6;
    private static final int SLOTS = 7;

    /**
     * The four networks.
     *
     * @param encoder E, App -> L1
     * @param decoder D, App -> L2
     * @param c12 connector L1 -> L2
     * @param c21 connector L2 -> L1
     */
    public record Nets(Network encoder, Network decoder, Network c12, Network c21) {
        /** The four, in the order above. */
        public List<Network> all() {
            return List.of(encoder, decoder, c12, c21);
        }
    }

    /**
     * Scores of both outputs.
     *
     * @param l1 the encoder's L1 output against the L1 targets
     * @param l2 the decoder's L2 output against the L2 targets
     */
    public record DualEvaluation(Evaluation l1, Evaluation l2) {
    }

    private static final Evaluation NONE = new Evaluation(0, Double.NaN, Double.NaN, Double.NaN);
    private static final DualEvaluation NO_VALIDATION = new DualEvaluation(NONE, NONE);

    private final Backend backend;
    private final Progress progress;
    private final LossKind loss;
    private final Sums scratch;

    /** A trainer with the given loss for every term. */
    public AlternatingGradientTrainer(Backend backend, Progress progress, LossKind loss) {
        this.backend = backend;
        this.progress = progress;
        this.loss = loss;
        this.scratch = backend.allocateSums(1);
    }

    /**
     * Phase 1 gradients: E's with {@code loss(E(x), y1)}, D's with {@code loss(D(x), y2)}; the losses are added to
     * {@code sums} slots 0 and 1, the hits of E and D to slots 2-3 and 4-5.
     */
    public void phase1(Nets n, Batch x, Tensor y1, Tensor y2, Sums sums) {
        phase1(n, x, y1, y2, sums, StepIndex.fixed(LOSS_E), StepIndex.fixed(LOSS_E + 1));
    }

    private void phase1(Nets n, Batch x, Tensor y1, Tensor y2, Sums sums, StepIndex lossE, StepIndex lossD) {
        Tensor e = n.encoder().forward(x, true);
        backend.lossAndGradient(loss, e, y1, 1f, n.encoder().last().outputGrad(), sums, lossE);
        backend.countCorrect(e, y1, 5, sums, HITS_L1);
        n.encoder().backward(false, false);
        Tensor d = n.decoder().forward(x, true);
        backend.lossAndGradient(loss, d, y2, 1f, n.decoder().last().outputGrad(), sums, lossD);
        backend.countCorrect(d, y2, 5, sums, HITS_L2);
        n.decoder().backward(false, false);
    }

    /** Phase 2 gradients: C12's with {@code loss(C12(E(x)), y2)}, C21's with {@code loss(C21(D(x)), y1)}. */
    public void phase2(Nets n, Batch x, Tensor y1, Tensor y2) {
        Tensor e = n.encoder().forward(x, true);
        Tensor d = n.decoder().forward(x, true);
        connectorGradient(n.c12(), e, y2, false);
        connectorGradient(n.c21(), d, y1, false);
    }

    /**
     * Phase 3 gradients, through the connectors at E's and D's outputs of the last forward pass (phase 2's, whose
     * weights phase 2 did not change): D's with {@code loss(C21(D(x)), y1)}, E's with {@code loss(C12(E(x)), y2)}.
     */
    public void phase3(Nets n, Tensor y1, Tensor y2) {
        Network e = n.encoder();
        Network d = n.decoder();
        connectorGradient(n.c12(), e.last().output(), y2, true);
        backend.copy(n.c12().last().inputGrad(), e.last().outputGrad());
        e.backward(false, false);
        connectorGradient(n.c21(), d.last().output(), y1, true);
        backend.copy(n.c21().last().inputGrad(), d.last().outputGrad());
        d.backward(false, false);
    }

    private void connectorGradient(Network c, Tensor input, Tensor target, boolean wantInputGrad) {
        Tensor out = c.forward(input, true);
        backend.lossAndGradient(loss, out, target, 1f, c.last().outputGrad(), scratch, 0);
        c.backward(false, wantInputGrad);
    }

    /** One step of Algorithm 1: the three phases, each with its updates (losses and hits as in phase 1). */
    public void step(Nets n, Batch x, Tensor y1, Tensor y2, Rates rates, Sums sums) {
        step(n, x, y1, y2, rates, sums, StepIndex.fixed(LOSS_E), StepIndex.fixed(LOSS_E + 1));
    }

    private void step(Nets n, Batch x, Tensor y1, Tensor y2, Rates rates, Sums sums, StepIndex lossE,
            StepIndex lossD) {
        phase1(n, x, y1, y2, sums, lossE, lossD);
        n.encoder().parameters().adamStep(rates.encoder(), OWN);
        n.decoder().parameters().adamStep(rates.decoder(), OWN);
        phase2(n, x, y1, y2);
        n.c12().parameters().adamStep(rates.decoder());
        n.c21().parameters().adamStep(rates.encoder());
        phase3(n, y1, y2);
        n.decoder().parameters().adamStep(rates.encoder(), CROSS);
        n.encoder().parameters().adamStep(rates.decoder(), CROSS);
    }

    /**
     * Trains on {@code train}, keeping the weights of the best validation L2 accuracy (the last epoch's when
     * {@code validation} is null) and stopping early on it as {@link TrainConfig#stopsAfter} says; reports two
     * {@link EpochStats} per epoch, stage {@code name + "/L2"} (the decoder) and {@code name + "/L1"} (the
     * encoder).
     */
    public List<EpochStats> train(String name, Nets n, DualSet train, DualSet validation, TrainConfig cfg,
            Rates rates, Consumer<EpochStats> onEpoch) {
        return train(name, n, train, validation, cfg, rates, onEpoch, StageCheckpoint.NONE);
    }

    /**
     * As {@link #train(String, Nets, DualSet, DualSet, TrainConfig, Rates, Consumer)}, continuing from
     * {@code ck}'s state when it has one and offering {@code ck} the state after every epoch; a NaN or infinite
     * loss or weight stops training with a {@link TrainingDivergedException}.
     */
    public List<EpochStats> train(String name, Nets n, DualSet train, DualSet validation, TrainConfig cfg,
            Rates rates, Consumer<EpochStats> onEpoch, StageCheckpoint ck) {
        BatchFeeder feeder = new BatchFeeder(backend, train.x(), List.of(train.y1(), train.y2()), cfg.batchSize());
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        for (Network net : n.all()) {
            net.seedDropout(rnd.nextLong());
        }
        long orderSeed = rnd.nextLong();
        int steps = feeder.steps();
        // validation rows go to the backend once, not once per epoch
        BatchFeeder valL1 = validation == null ? null : new BatchFeeder(backend, validation.first(), 512);
        BatchFeeder valL2 = validation == null ? null : new BatchFeeder(backend, validation.second(), 512);
        Sums valSums = backend.allocateSums(3);
        SupervisedTrainer scorer = new SupervisedTrainer(backend, Progress.NONE);
        Snapshot best = new Snapshot(backend, n.all());
        int first = best.resume(ck.resumeFrom(), name, cfg.epochs());
        List<EpochStats> history = new ArrayList<>();
        progress.start(name, (long) (cfg.epochs() - first + 1) * steps);
        // slots 0-5 as in phase 1 (0-1 unused here), 6 non-finite weights; then the losses of E and D, one pair per
        // step
        try (EpochSteps epochs = new EpochSteps(backend, name, feeder, orderSeed, SLOTS + 2 * steps, n.all(),
                NON_FINITE, progress)) {
            Counter step = epochs.step();
            Sums sums = epochs.sums();
            for (int epoch = first; !cfg.stopsAfter(epoch - 1, best.epoch()); epoch++) {
                long t0 = System.nanoTime();
                double[] host = epochs.run(epoch, rows -> () -> {
                    step(n, feeder.inputs(step, rows), feeder.targets(step, rows, 0), feeder.targets(step, rows, 1),
                            rates, sums, StepIndex.of(step, SLOTS, 2), StepIndex.of(step, SLOTS + 1, 2));
                    backend.increment(step);
                });
                int rows = feeder.rows();
                double lossL1 = Divergence.sumSteps(host, SLOTS, 2, steps, name, epoch, ck) / rows;
                double lossL2 = Divergence.sumSteps(host, SLOTS + 1, 2, steps, name, epoch, ck) / rows;
                Divergence.checkWeights(n.all(), host[NON_FINITE], name, epoch, steps, ck);
                DualEvaluation val = validation == null ? NO_VALIDATION
                        : new DualEvaluation(scorer.evaluate(n.encoder(), valL1, loss, cfg.topK(), valSums),
                                scorer.evaluate(n.decoder(), valL2, loss, cfg.topK(), valSums));
                best.offer(epoch, val.l2().accuracy());
                double seconds = (System.nanoTime() - t0) / 1e9;
                EpochStats l2 = new EpochStats(name + "/L2", epoch, lossL2, host[HITS_L2] / rows, val.l2().loss(),
                        val.l2().accuracy(), val.l2().topK(), seconds);
                EpochStats l1 = new EpochStats(name + "/L1", epoch, lossL1, host[HITS_L1] / rows,
                        val.l1().loss(), val.l1().accuracy(), val.l1().topK(), seconds);
                history.add(l2);
                history.add(l1);
                progress.epoch(l2);
                onEpoch.accept(l2);
                onEpoch.accept(l1);
                int done = epoch;
                ck.afterEpoch(epoch, () -> best.capture(name, done));
            }
        } finally {
            progress.finish();
        }
        best.restore();
        return history;
    }

    /** Scores the encoder on L1 and the decoder on L2 (no dropout). */
    public DualEvaluation evaluate(Nets n, DualSet set, int topK) {
        SupervisedTrainer t = new SupervisedTrainer(backend, Progress.NONE);
        return new DualEvaluation(t.evaluate(n.encoder(), set.first(), loss, topK),
                t.evaluate(n.decoder(), set.second(), loss, topK));
    }
}
