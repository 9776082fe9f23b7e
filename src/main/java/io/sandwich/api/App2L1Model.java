package io.sandwich.api;

import java.util.List;
import java.util.function.UnaryOperator;

/** The seed's Net from App to L1 (52-1024-1024-23): the first stage of every transfer model. */
final class App2L1Model extends ReportModel {
    App2L1Model() {
        super("app2l1", SavedLayouts.SEED_NET, List.of());
    }

    @Override
    public List<Stage> stages(Widths w, Settings s) {
        return List.of(new Stage.Supervised("app2l1", Task.APP_TO_L1, new Network(Layers.seedNet(w.app(), w.l1(), s),
                List.of(Start.initFrom(UnaryOperator.identity())))));
    }
}
