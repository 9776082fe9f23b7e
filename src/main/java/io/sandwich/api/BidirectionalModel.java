package io.sandwich.api;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The report's second sandwich: an encoder App -> L1 (2 hidden layers) and a decoder App -> L2 (4 hidden layers),
 * joined by connectors that act only in the backward pass, trained together by Algorithm 1.
 */
final class BidirectionalModel extends ReportModel {
    /** Hidden layers of the decoder, fixed by the report. */
    private static final int DECODER_LAYERS = 4;

    BidirectionalModel() {
        super("bidirectional", SavedLayouts.BIDIRECTIONAL, List.of(
                new Table1Row("bidirectional-masked", "bi-directional autoencoders + masked",
                        Loss.MASKED, 0.40)));
    }

    @Override
    public List<Stage> stages(Widths w, Settings s) {
        Start user = Start.initFrom(UnaryOperator.identity());
        // the seed's fc* names mean the encoder; a saved bi-directional model's own names are kept
        Network encoder = new Network(Layers.chain("encoder.", w.app(), w.l1(), 2, s),
                List.of(Start.initFrom(Layers.prefix("encoder.")), user));
        return List.of(new Stage.Alternating("bidirectional", encoder,
                new Network(Layers.chain("decoder.", w.app(), w.l2(), DECODER_LAYERS, s), List.of(user)),
                new Network(Layers.connector("c12", w.l1(), w.l2(), s), List.of(user)),
                new Network(Layers.connector("c21", w.l2(), w.l1(), s), List.of(user))));
    }
}
