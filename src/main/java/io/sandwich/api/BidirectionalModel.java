package io.sandwich.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The report's second sandwich: an encoder App -> L1 (the hidden layers of {@link Hyperparameters#HIDDEN}, the
 * report's 2) and a decoder App -> L2 (two more, the report's 4), joined by connectors that act only in the backward
 * pass, trained together by Algorithm 1.
 */
final class BidirectionalModel extends ReportModel {
    /** Hidden layers the decoder has more than the encoder: the report's 4 to 2. */
    private static final int DECODER_EXTRA_LAYERS = 2;

    BidirectionalModel() {
        super("bidirectional", SavedLayouts.BIDIRECTIONAL, List.of(
                new Table1Row("bidirectional-masked", "bi-directional autoencoders + masked",
                        Loss.MASKED, 0.40)));
    }

    @Override
    public List<Stage> stages(Widths w, Settings s) {
        Start user = Start.initFrom(UnaryOperator.identity());
        // the seed's fc* names mean the encoder; a saved bi-directional model's own names are kept
        Network encoder = new Network(Layers.chain("encoder.", w.app(), w.l1(), s.get(Hyperparameters.HIDDEN), s),
                List.of(Start.initFrom(Layers.prefix("encoder.")), user));
        List<Integer> decoder = new ArrayList<>(s.get(Hyperparameters.HIDDEN));
        decoder.addAll(Layers.lastWidth(DECODER_EXTRA_LAYERS, s));
        return List.of(new Stage.Alternating("bidirectional", encoder,
                new Network(Layers.chain("decoder.", w.app(), w.l2(), decoder, s), List.of(user)),
                new Network(Layers.connector("c12", w.l1(), w.l2(), s), List.of(user)),
                new Network(Layers.connector("c21", w.l2(), w.l1(), s), List.of(user))));
    }
}
