package io.sandwich.reproduce;

import io.sandwich.backend.LossKind;
import io.sandwich.model.ModelKind;
import java.util.List;

/**
 * A trained row of Table 1.
 *
 * @param id short file-name-safe id, e.g. {@code baseline-masked}
 * @param label the row's name in the table
 * @param model the model trained
 * @param loss its loss
 * @param reported the report's accuracy for it, NaN where it gives none
 */
public record RowSpec(String id, String label, ModelKind model, LossKind loss, double reported) {
    /** The report's rows, in its order. */
    public static List<RowSpec> table1() {
        return List.of(
                new RowSpec("no-transfer-mse", "without transfer + MSE", ModelKind.NO_TRANSFER, LossKind.MSE, 0.18),
                new RowSpec("baseline-mse", "baseline + MSE", ModelKind.BASELINE, LossKind.MSE, 0.20),
                new RowSpec("baseline-masked", "baseline + masked", ModelKind.BASELINE, LossKind.MASKED, 0.22),
                new RowSpec("autoencoder-masked", "autoencoders + masked", ModelKind.AUTOENCODER, LossKind.MASKED,
                        0.35),
                new RowSpec("bidirectional-masked", "bi-directional autoencoders + masked", ModelKind.BIDIRECTIONAL,
                        LossKind.MASKED, 0.40));
    }

    /** The row of {@code best}'s model trained with soft cross-entropy (beyond the report). */
    public static RowSpec softCrossEntropy(RowSpec best) {
        String model = best.label().substring(0, best.label().indexOf(" + "));
        return new RowSpec(best.model().cliName() + "-soft-ce", model + " + soft-ce (best model, beyond the report)",
                best.model(), LossKind.SOFT_CE, Double.NaN);
    }
}
