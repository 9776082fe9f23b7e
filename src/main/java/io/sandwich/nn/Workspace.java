package io.sandwich.nn;

import io.sandwich.backend.Backend;
import io.sandwich.backend.Tensor;
import java.util.List;

/**
 * Activations, dropout masks and activation gradients of a network for one batch size, allocated once and
 * reused by every step of that size.
 */
public final class Workspace {
    final int rows;
    final Tensor[] out;
    final Tensor[] grad;
    final Tensor[] mask;

    Workspace(Backend backend, List<LayerSpec> layers, int rows, int inputWidth) {
        this.rows = rows;
        int n = layers.size();
        out = new Tensor[n];
        grad = new Tensor[n + 1];
        mask = new Tensor[n];
        grad[0] = backend.allocate(rows, inputWidth);
        for (int i = 0; i < n; i++) {
            LayerSpec l = layers.get(i);
            out[i] = backend.allocate(rows, l.out());
            grad[i + 1] = backend.allocate(rows, l.out());
            mask[i] = l.dropout() > 0f ? backend.allocate(rows, l.out()) : null;
        }
    }

    /** Batch rows this workspace holds. */
    public int rows() {
        return rows;
    }

    /** The network's output for the last forward pass. */
    public Tensor output() {
        return out[out.length - 1];
    }

    /** Where the caller writes dLoss/dOutput before {@link Network#backward}. */
    public Tensor outputGrad() {
        return grad[grad.length - 1];
    }

    /** dLoss/dInput after a backward pass that asked for it. */
    public Tensor inputGrad() {
        return grad[0];
    }
}
