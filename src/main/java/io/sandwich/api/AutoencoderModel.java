package io.sandwich.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The report's first sandwich: an encoder App -> L1 and a decoder L1 -> L2 trained apart, then joined by the
 * sandwich layers L1 -> H -> L1 ({@code encoder.*}, {@code sandwich.0/1}, {@code decoder.*}) and fine-tuned
 * App -> L2.
 */
final class AutoencoderModel extends ReportModel {
    AutoencoderModel() {
        super("autoencoder", SavedLayouts.AUTOENCODER, List.of(
                new Table1Row("autoencoder-masked", "autoencoders + masked", Loss.MASKED, 0.35)));
    }

    @Override
    public List<Stage> stages(Widths w, Settings s) {
        List<Layer> encoder = Layers.seedNet(w.app(), w.l1(), s);
        List<Layer> decoder = Layers.chain("", w.l1(), w.l2(),
                Layers.lastWidth(s.get(Hyperparameters.DECODER_HIDDEN_LAYERS), s), s);
        List<Layer> joined = new ArrayList<>(Layers.prefixed("encoder.", encoder));
        joined.addAll(Layers.connector("sandwich", w.l1(), w.l1(), s));
        joined.addAll(Layers.prefixed("decoder.", decoder));
        Start user = Start.initFrom(UnaryOperator.identity());
        return List.of(new Stage.Supervised("encoder", Task.APP_TO_L1, new Network(encoder, List.of(user))),
                new Stage.Supervised("decoder", Task.L1_TO_L2, new Network(decoder,
                        List.of(Start.initDecoder(UnaryOperator.identity())))),
                new Stage.Supervised("autoencoder", Task.APP_TO_L2, new Network(joined, List.of(
                        Start.fromStage("encoder", Layers.prefix("encoder.")),
                        Start.fromStage("decoder", Layers.prefix("decoder.")), user))));
    }
}
