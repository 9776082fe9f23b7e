package io.sandwich.api;

import java.util.List;
import java.util.function.UnaryOperator;

/** The seed's Net straight from App to L2: the report's "without transfer learning". */
final class NoTransferModel extends ReportModel {
    NoTransferModel() {
        super("no-transfer", SavedLayouts.SEED_NET, List.of(
                new Table1Row("no-transfer-mse", "without transfer + MSE", Loss.MSE, 0.18)));
    }

    @Override
    public List<Stage> stages(Widths w, Settings s) {
        return List.of(new Stage.Supervised("no-transfer", Task.APP_TO_L2, new Network(Layers.seedNet(w.app(),
                w.l2(), s), List.of(Start.initFrom(UnaryOperator.identity())))));
    }
}
