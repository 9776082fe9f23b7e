package io.sandwich.train;

import io.sandwich.nn.Network;
import java.util.List;
import java.util.Map;

/**
 * Finds where training diverged without a host sync per step: each step adds its loss to its own slot of the
 * sums ({@link io.sandwich.backend.Sums}), read once per epoch, and the backend counts non-finite weights once per
 * epoch into the same read.
 */
final class Divergence {
    private Divergence() {
    }

    /**
     * Sum of {@code steps} per-step losses at {@code host[first + k * stride]}; throws when one is NaN or
     * infinite, naming the first such step.
     */
    static double sumSteps(double[] host, int first, int stride, int steps, String stage, int epoch,
            StageCheckpoint ck) {
        double sum = 0;
        for (int k = 0; k < steps; k++) {
            double v = host[first + k * stride];
            if (!Double.isFinite(v)) {
                throw new TrainingDivergedException(stage, epoch, k + 1, steps, "the loss is " + v, ck.lastGood());
            }
            sum += v;
        }
        return sum;
    }

    /**
     * Throws when a weight of {@code nets} is NaN or infinite after the last step of {@code epoch}, naming the first;
     * {@code nonFinite} is how many the backend counted ({@link io.sandwich.backend.Backend#countNonFinite}), so
     * the weights come to the host only when there is one to name.
     */
    static void checkWeights(List<Network> nets, double nonFinite, String stage, int epoch, int steps,
            StageCheckpoint ck) {
        if (nonFinite == 0) {
            return;
        }
        for (Network net : nets) {
            for (Map.Entry<String, float[]> e : net.exportWeights().entrySet()) {
                float[] w = e.getValue();
                for (int i = 0; i < w.length; i++) {
                    if (!Float.isFinite(w[i])) {
                        throw new TrainingDivergedException(stage, epoch, steps, steps, e.getKey() + "[" + i + "] is "
                                + w[i] + " after the update", ck.lastGood());
                    }
                }
            }
        }
        throw new IllegalStateException("the backend counted " + nonFinite + " non-finite weights, none was found");
    }
}
