package io.sandwich.model;

import io.sandwich.nn.LayerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layer lists of the report's networks, named as the seed's PyTorch modules name them ({@code fc1.0} ...,
 * {@code prevmodel.N.0}, {@code projective}) and, for the sandwich models, with a prefix per part
 * ({@code encoder.}, {@code sandwich.}, {@code decoder.}, {@code c12.}, {@code c21.}).
 */
public final class Architectures {
    private Architectures() {
    }

    /**
     * A feed-forward net of the seed's kind: {@code fc1.0} .. {@code fcN.0}, ReLU after every layer but the last;
     * dropout {@code dropout(0)} after the first hidden layer, {@code dropout(1)} after later ones and
     * {@code dropout(2)} after the output.
     */
    public static List<LayerSpec> net(String prefix, int in, int out, int hiddenLayers, ModelOptions o) {
        List<LayerSpec> layers = new ArrayList<>();
        int width = in;
        for (int i = 0; i < hiddenLayers; i++) {
            layers.add(new LayerSpec(prefix + "fc" + (i + 1) + ".0", width, o.hidden(), true,
                    o.dropout(i == 0 ? 0 : 1)));
            width = o.hidden();
        }
        layers.add(new LayerSpec(prefix + "fc" + (hiddenLayers + 1) + ".0", width, out, false, o.dropout(2)));
        return layers;
    }

    /** The seed's {@code Net}: 2 hidden layers, {@code fc1.0}, {@code fc2.0}, {@code fc3.0}. */
    public static List<LayerSpec> seedNet(int in, int out, ModelOptions o) {
        return net("", in, out, 2, o);
    }

    /**
     * The seed's {@code Addlayers}: a trained Net as {@code prevmodel.N.0}, then {@code projective} (L1 width to
     * {@code sandwichHidden}) with ReLU, then {@code projective2} to {@code out}.
     */
    public static List<LayerSpec> addLayers(List<LayerSpec> prev, int out, ModelOptions o) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < prev.size(); i++) {
            LayerSpec l = prev.get(i);
            layers.add(new LayerSpec("prevmodel." + i + ".0", l.in(), l.out(), l.relu(), l.dropout()));
        }
        int l1 = prev.get(prev.size() - 1).out();
        layers.add(new LayerSpec("projective", l1, o.sandwichHidden(), true, 0f));
        layers.add(new LayerSpec("projective2", o.sandwichHidden(), out, false, 0f));
        return layers;
    }

    /** Two layers {@code prefix.0} (in -> hidden, ReLU) and {@code prefix.1} (hidden -> out). */
    public static List<LayerSpec> connector(String prefix, int in, int out, ModelOptions o) {
        return List.of(new LayerSpec(prefix + ".0", in, o.sandwichHidden(), true, 0f),
                new LayerSpec(prefix + ".1", o.sandwichHidden(), out, false, 0f));
    }

    /**
     * The joined autoencoder: {@code encoder.*} (App -> L1), the sandwich layers {@code sandwich.0/1}
     * (L1 -> hidden -> L1), then {@code decoder.*} (L1 -> L2).
     */
    public static List<LayerSpec> autoencoder(List<LayerSpec> encoder, List<LayerSpec> decoder, ModelOptions o) {
        List<LayerSpec> layers = new ArrayList<>(prefixed("encoder.", encoder));
        int l1 = encoder.get(encoder.size() - 1).out();
        layers.addAll(connector("sandwich", l1, l1, o));
        layers.addAll(prefixed("decoder.", decoder));
        return layers;
    }

    /**
     * The network of a model's last stage, the one that is tested, for data of the given widths: the seed's Net
     * (App -> L1 or App -> L2), the baseline's Addlayers, or the joined autoencoder (the bi-directional model has
     * four networks: {@link #bidirectional}).
     */
    public static List<LayerSpec> finalStage(ModelKind kind, int app, int l1, int l2, ModelOptions o) {
        return switch (kind) {
            case APP2L1 -> seedNet(app, l1, o);
            case NO_TRANSFER -> seedNet(app, l2, o);
            case BASELINE -> addLayers(seedNet(app, l1, o), l2, o);
            case AUTOENCODER -> autoencoder(seedNet(app, l1, o), l1ToL2Decoder(l1, l2, o), o);
            case BIDIRECTIONAL -> throw new IllegalArgumentException("the bi-directional model has four networks");
        };
    }

    /** The autoencoder's L1 -> L2 decoder: {@code o.decoderHiddenLayers()} hidden layers. */
    public static List<LayerSpec> l1ToL2Decoder(int l1, int l2, ModelOptions o) {
        return net("", l1, l2, o.decoderHiddenLayers(), o);
    }

    /**
     * The four networks of the bi-directional model.
     *
     * @param encoder App -> L1, 2 hidden layers ({@code encoder.*})
     * @param decoder App -> L2, {@link ModelOptions#bidirectionalDecoderLayers()} hidden layers ({@code decoder.*})
     * @param c12 the connector L1 -> L2
     * @param c21 the connector L2 -> L1
     */
    public record Bidirectional(List<LayerSpec> encoder, List<LayerSpec> decoder, List<LayerSpec> c12,
            List<LayerSpec> c21) {
    }

    /** The bi-directional model's networks for data of the given widths. */
    public static Bidirectional bidirectional(int app, int l1, int l2, ModelOptions o) {
        return new Bidirectional(net("encoder.", app, l1, 2, o),
                net("decoder.", app, l2, o.bidirectionalDecoderLayers(), o), connector("c12", l1, l2, o),
                connector("c21", l2, l1, o));
    }

    /** The layers with {@code prefix} put before each name. */
    public static List<LayerSpec> prefixed(String prefix, List<LayerSpec> layers) {
        return layers.stream().map(l -> new LayerSpec(prefix + l.name(), l.in(), l.out(), l.relu(), l.dropout()))
                .toList();
    }

    /** The weights with {@code prefix} put before each name. */
    public static Map<String, float[]> prefixed(String prefix, Map<String, float[]> weights) {
        Map<String, float[]> out = new LinkedHashMap<>();
        weights.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    /** Renames a Net's weights ({@code fcK.0.*}) to their names inside Addlayers ({@code prevmodel.K-1.0.*}). */
    public static Map<String, float[]> netToAddLayers(Map<String, float[]> net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : net.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("fc") && k.length() > 2 && Character.isDigit(k.charAt(2))) {
                int dot = k.indexOf('.');
                int index = Integer.parseInt(k.substring(2, dot)) - 1;
                out.put("prevmodel." + index + k.substring(dot), e.getValue());
            } else {
                out.put(k, e.getValue());
            }
        }
        return out;
    }
}
