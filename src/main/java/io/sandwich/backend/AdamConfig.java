package io.sandwich.backend;

import io.sandwich.SandwichException;

/**
 * Hyper-parameters of Adam with L2 weight decay, as {@code torch.optim.Adam}: the decay is added to the gradient
 * ({@code g + weightDecay * w}) before the moment updates, not decoupled as in AdamW.
 *
 * @param lr learning rate
 * @param beta1 decay of the first moment
 * @param beta2 decay of the second moment
 * @param eps added to the square root of the second moment
 * @param weightDecay L2 penalty factor
 */
public record AdamConfig(float lr, float beta1, float beta2, float eps, float weightDecay) {
    /** Checks the ranges. */
    public AdamConfig {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new SandwichException("expected a positive learning rate, found " + lr);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new SandwichException("expected Adam betas in [0, 1), found " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !(weightDecay >= 0)) {
            throw new SandwichException("expected eps > 0 and weight decay >= 0, found " + eps + ", " + weightDecay);
        }
    }

    /** PyTorch's defaults with the given learning rate and weight decay. */
    public static AdamConfig of(float lr, float weightDecay) {
        return new AdamConfig(lr, 0.9f, 0.999f, 1e-8f, weightDecay);
    }
}
