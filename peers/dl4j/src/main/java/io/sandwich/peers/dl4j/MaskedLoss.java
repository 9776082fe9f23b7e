package io.sandwich.peers.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The seed code's masked loss, {@code sum(mm(y^T, (out - y)^2))}, as a DL4J loss function. Per row r it is
 * {@code (sum_c y[r,c]) * (sum_c (out[r,c] - y[r,c])^2)}, so its gradient is
 * {@code dL/dout[r,c] = 2 * (sum_c' y[r,c']) * (out[r,c] - y[r,c])}, taken back through the output activation.
 * No masks (the benchmark has none).
 */
public final class MaskedLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Per-row losses, a column vector [rows, 1]. */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        noMask(mask);
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        INDArray sq = out.subi(labels);
        sq.muli(sq);
        return sq.sum(true, 1).muli(labels.sum(true, 1));
    }

    /** The sum over rows ({@code average}: divided by the rows, which DL4J asks for only with miniBatch on). */
    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double s = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? s / labels.size(0) : s;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        noMask(mask);
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        INDArray dLdOut = out.subi(labels).muliColumnVector(labels.sum(true, 1)).muli(2);
        return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "masked";
    }

    @Override
    public String toString() {
        return "MaskedLoss()";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedLoss;
    }

    @Override
    public int hashCode() {
        return MaskedLoss.class.hashCode();
    }

    private static void noMask(INDArray mask) {
        if (mask != null) {
            throw new UnsupportedOperationException("the masked loss takes no DL4J label mask");
        }
    }
}
