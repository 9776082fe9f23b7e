package io.sandwich.train;

import io.sandwich.backend.Backend;
import io.sandwich.backend.Counter;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.StepIndex;
import io.sandwich.backend.Tensor;
import io.sandwich.data.CsrMatrix;
import io.sandwich.nn.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts inputs and one or more target matrices on the backend once and hands out batches in a (shuffled or
 * natural) row order: inputs as sparse or dense batches, targets as dense tensors. The row order lives on the
 * backend and is drawn there ({@link Backend#shuffle}); a batch's first row is either fixed or read from a step
 * counter when the gather runs, so that one captured training step serves every step of an epoch. Buffers are
 * allocated once per batch size.
 */
final class BatchFeeder {
    private final Backend backend;
    private final DeviceMatrix x;
    private final DeviceMatrix[] ys;
    private final IndexBuffer order;
    private final int rows;
    private final boolean sparse;
    private final Batch.Sparse xSparse;
    private final Map<Integer, Batch.Dense> xDense = new HashMap<>();
    private final List<Map<Integer, Tensor>> yBatches = new ArrayList<>();
    private final int batchSize;

    BatchFeeder(Backend backend, LabelledSet set, int batchSize) {
        this(backend, set.x(), List.of(set.y()), batchSize);
    }

    BatchFeeder(Backend backend, CsrMatrix inputs, List<CsrMatrix> targets, int batchSize) {
        this.backend = backend;
        this.x = backend.uploadMatrix(inputs);
        this.ys = new DeviceMatrix[targets.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = backend.uploadMatrix(targets.get(i));
            yBatches.add(new HashMap<>());
        }
        this.rows = inputs.rows();
        this.batchSize = Math.min(batchSize, rows);
        this.order = backend.allocateIndices(rows);
        int[] natural = new int[rows];
        for (int i = 0; i < rows; i++) {
            natural[i] = i;
        }
        backend.upload(natural, order);
        this.sparse = backend.sparseInputPays(x);
        this.xSparse = sparse ? new Batch.Sparse(backend.allocateSparseBatch(x, this.batchSize)) : null;
    }

    int rows() {
        return rows;
    }

    int steps() {
        return (rows + batchSize - 1) / batchSize;
    }

    /** Puts the rows in epoch {@code epoch}'s order for {@code seed} ({@link io.sandwich.backend.EpochOrder}). */
    void shuffle(long seed, long epoch) {
        backend.shuffle(order, seed, epoch);
    }

    /** Rows in step {@code step}. */
    int rowsOf(int step) {
        return Math.min(batchSize, rows - step * batchSize);
    }

    /** Gathers the inputs of a step, sparse or dense as the backend multiplies them faster. */
    Batch inputs(int step) {
        return inputs(StepIndex.fixed(step * batchSize), rowsOf(step));
    }

    /** The inputs of the step {@code step} holds when the gather runs, a batch of {@code count} rows. */
    Batch inputs(Counter step, int count) {
        return inputs(StepIndex.of(step, 0, batchSize), count);
    }

    private Batch inputs(StepIndex start, int count) {
        if (sparse) {
            backend.gatherSparse(x, order, start, count, xSparse.x());
            return xSparse;
        }
        Batch.Dense d = xDense.computeIfAbsent(count, r -> new Batch.Dense(backend.allocate(r, x.cols())));
        backend.gatherDense(x, order, start, d.x());
        return d;
    }

    /** Gathers the (first) targets of a step. */
    Tensor targets(int step) {
        return targets(StepIndex.fixed(step * batchSize), rowsOf(step), 0);
    }

    /** Target matrix {@code which} of the step {@code step} holds when the gather runs, {@code count} rows. */
    Tensor targets(Counter step, int count, int which) {
        return targets(StepIndex.of(step, 0, batchSize), count, which);
    }

    private Tensor targets(StepIndex start, int count, int which) {
        DeviceMatrix y = ys[which];
        Tensor t = yBatches.get(which).computeIfAbsent(count, r -> backend.allocate(r, y.cols()));
        backend.gatherDense(y, order, start, t);
        return t;
    }
}
