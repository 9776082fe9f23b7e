package io.sandwich.train;

import io.sandwich.backend.Backend;
import io.sandwich.backend.DeviceMatrix;
import io.sandwich.backend.IndexBuffer;
import io.sandwich.backend.Tensor;
import io.sandwich.data.CsrMatrix;
import io.sandwich.nn.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Puts inputs and one or more target matrices on the backend once and hands out batches in a (shuffled or
 * natural) row order: inputs as sparse batches, targets as dense tensors. Buffers are allocated once per batch
 * size.
 */
final class BatchFeeder {
    private final Backend backend;
    private final DeviceMatrix x;
    private final DeviceMatrix[] ys;
    private final IndexBuffer order;
    private final int[] host;
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
        this.batchSize = Math.min(batchSize, inputs.rows());
        this.order = backend.allocateIndices(inputs.rows());
        this.host = new int[inputs.rows()];
        for (int i = 0; i < host.length; i++) {
            host[i] = i;
        }
        backend.upload(host, order);
        this.sparse = backend.sparseInputPays(x);
        this.xSparse = sparse ? new Batch.Sparse(backend.allocateSparseBatch(x, this.batchSize)) : null;
    }

    int rows() {
        return host.length;
    }

    int steps() {
        return (host.length + batchSize - 1) / batchSize;
    }

    /** A fresh Fisher-Yates permutation of the rows. */
    void shuffle(SplittableRandom rnd) {
        permute(rnd);
        backend.upload(host, order);
    }

    /**
     * Replays the shuffles of {@code epochs} finished epochs on the host only, leaving {@code rnd} and the row
     * order where they were after them (resuming a run: the next {@link #shuffle} continues the sequence).
     */
    void skipShuffles(SplittableRandom rnd, int epochs) {
        for (int e = 0; e < epochs; e++) {
            permute(rnd);
        }
    }

    private void permute(SplittableRandom rnd) {
        for (int i = host.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = host[i];
            host[i] = host[j];
            host[j] = t;
        }
    }

    /** Rows in step {@code step}. */
    int rowsOf(int step) {
        return Math.min(batchSize, host.length - step * batchSize);
    }

    /** Gathers the inputs of a step, sparse or dense as the backend multiplies them faster. */
    Batch inputs(int step) {
        int rows = rowsOf(step);
        if (sparse) {
            backend.gatherSparse(x, order, step * batchSize, rows, xSparse.x());
            return xSparse;
        }
        Batch.Dense d = xDense.computeIfAbsent(rows, r -> new Batch.Dense(backend.allocate(r, x.cols())));
        backend.gatherDense(x, order, step * batchSize, d.x());
        return d;
    }

    /** Gathers the (first) targets of a step. */
    Tensor targets(int step) {
        return targets(step, 0);
    }

    /** Gathers target matrix {@code which} of a step. */
    Tensor targets(int step, int which) {
        int rows = rowsOf(step);
        DeviceMatrix y = ys[which];
        Tensor t = yBatches.get(which).computeIfAbsent(rows, r -> backend.allocate(r, y.cols()));
        backend.gatherDense(y, order, step * batchSize, t);
        return t;
    }
}
