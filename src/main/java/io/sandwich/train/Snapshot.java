package io.sandwich.train;

import io.sandwich.backend.Backend;
import io.sandwich.backend.Tensor;
import io.sandwich.nn.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage's best epoch so far, by validation accuracy, and a backend-side copy of its networks' parameters then:
 * taken at the best epoch, restored at the end.
 */
final class Snapshot {
    private final Backend backend;
    private final List<Network> nets;
    private final List<Tensor> copies = new ArrayList<>();
    private double accuracy = Double.NEGATIVE_INFINITY;
    private int epoch;

    Snapshot(Backend backend, List<Network> nets) {
        this.backend = backend;
        this.nets = nets;
        for (Network n : nets) {
            copies.add(backend.allocate(1, n.parameters().size()));
        }
        take();
    }

    /**
     * Continues from a checkpoint's state of stage {@code stage} of {@code epochs} epochs, if there is one: its
     * weights, its best epoch and that epoch's weights. Returns the first epoch still to run.
     */
    int resume(StageState from, String stage, int epochs) {
        if (from == null) {
            return 1;
        }
        int first = from.restore(stage, epochs, nets, this);
        accuracy = from.trackedBest();
        epoch = from.bestEpoch();
        return first;
    }

    /** Takes the weights of {@code e} if its validation accuracy is the best so far; NaN: no validation, take. */
    void offer(int e, double validationAccuracy) {
        if (Double.isNaN(validationAccuracy) || validationAccuracy > accuracy) {
            accuracy = Double.isNaN(validationAccuracy) ? accuracy : validationAccuracy;
            take();
            epoch = e;
        }
    }

    /** The best epoch so far (0 before the first). */
    int epoch() {
        return epoch;
    }

    /** The state of stage {@code stage} after epoch {@code done}, for a checkpoint. */
    StageState capture(String stage, int done) {
        return StageState.capture(stage, done, accuracy, epoch, nets, this);
    }

    void take() {
        for (int i = 0; i < nets.size(); i++) {
            backend.copy(nets.get(i).parameters().flat(), copies.get(i));
        }
    }

    /** The copy of network {@code i}'s parameters, on the host. */
    float[] download(int i) {
        float[] host = new float[copies.get(i).size()];
        backend.download(copies.get(i), host);
        return host;
    }

    /** Replaces the copy of network {@code i}'s parameters. */
    void upload(int i, float[] values) {
        backend.upload(values, copies.get(i));
    }

    void restore() {
        for (int i = 0; i < nets.size(); i++) {
            backend.copy(copies.get(i), nets.get(i).parameters().flat());
        }
    }
}
