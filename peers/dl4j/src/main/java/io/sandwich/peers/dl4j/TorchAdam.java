package io.sandwich.peers.dl4j;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * torch.optim.Adam on ND4J's own fused Adam op ({@code ops.impl.updaters.AdamUpdater}, the native op DL4J's
 * {@link Adam} runs); DL4J's L2 regularization has already been added to the gradient when it runs.
 *
 * <p>ND4J's Adam folds the bias corrections into the learning rate and adds eps to sqrt(v) unscaled:
 * {@code w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}, while torch divides the bias-corrected
 * moments: {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. The two agree when the op gets
 * {@code eps * sqrt(1 - b2^t)} (t = iteration + 1), which is all this class changes; the work per step is the same.
 * (With DL4J's stock Adam the first 20 step losses of the parity check drift 3.6e-3 relative from torch's.)
 */
public final class TorchAdam extends Adam {
    private static final long serialVersionUID = 1L;

    /** For DL4J's configuration (de)serialization. */
    public TorchAdam() {
        super();
    }

    /** Adam with the given learning rate, betas and eps. */
    public TorchAdam(double lr, double beta1, double beta2, double eps) {
        super(lr, beta1, beta2, eps);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        // as Adam.instantiate, with the updater below: the view holds m then v, each the gradient's length
        Updater u = new Updater(this);
        INDArray view = viewArray.reshape(viewArray.length());
        long[] gradientShape = Arrays.copyOf(view.shape(), view.shape().length);
        gradientShape[0] /= 2;
        u.setStateViewArray(view, gradientShape, view.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public TorchAdam clone() {
        return new TorchAdam(getLearningRate(), getBeta1(), getBeta2(), getEpsilon());
    }

    /** ND4J's Adam updater with eps scaled by sqrt(1 - b2^t). */
    static final class Updater extends AdamUpdater {
        Updater(Adam config) {
            super(config);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            Adam c = (Adam) getConfig();
            double eps = c.getEpsilon() * Math.sqrt(1 - Math.pow(c.getBeta2(), iteration + 1));
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(gradient.reshape(getV().shape()),
                    getV(), getM(), c.getLearningRate(iteration, epoch), c.getBeta1(), c.getBeta2(), eps,
                    iteration));
        }
    }
}
