package io.sandwich.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The report's baseline, the seed's {@code Addlayers}: train App -> L1, then put 23 -> H -> ReLU -> 164
 * ({@code projective}, {@code projective2}) on top of it ({@code prevmodel.*}) and fine-tune App -> L2.
 */
final class BaselineModel extends ReportModel {
    BaselineModel() {
        super("baseline", SavedLayouts.ADDLAYERS, List.of(
                new Table1Row("baseline-mse", "baseline + MSE", Loss.MSE, 0.20),
                new Table1Row("baseline-masked", "baseline + masked", Loss.MASKED, 0.22)));
    }

    @Override
    public List<Stage> stages(Widths w, Settings s) {
        List<Layer> net = Layers.seedNet(w.app(), w.l1(), s);
        List<Layer> joined = new ArrayList<>();
        for (int i = 0; i < net.size(); i++) {
            Layer l = net.get(i);
            joined.add(new Layer("prevmodel." + i + ".0", l.in(), l.out(), l.relu(), l.dropout()));
        }
        int width = s.get(Hyperparameters.SANDWICH_HIDDEN);
        joined.add(new Layer("projective", w.l1(), width, true, 0f));
        joined.add(new Layer("projective2", width, w.l2(), false, 0f));
        Start user = Start.initFrom(UnaryOperator.identity());
        return List.of(new Stage.Supervised("app2l1", Task.APP_TO_L1, new Network(net, List.of(user))),
                new Stage.Supervised("baseline", Task.APP_TO_L2, new Network(joined,
                        List.of(Start.fromStage("app2l1", Layers::netToAddLayers), user))));
    }
}
