package io.sandwich.model;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchTensor;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves networks in and out of PyTorch state_dicts, and recognises the seed's layouts in a file: {@code Net} /
 * {@code Net2} ({@code fc1.0}, {@code fc2.0}, {@code fc3.0}, ReLU after the first two) and {@code Addlayers}
 * ({@code prevmodel.0.0} .. {@code prevmodel.2.0}, then {@code projective}, ReLU, {@code projective2}), which are
 * also the names this project's own models save under.
 */
public final class SavedModels {
    private SavedModels() {
    }

    /** The network's weights as a state_dict ({@code name.weight} [out, in], {@code name.bias} [out]). */
    public static StateDict toStateDict(Network net) {
        StateDict sd = new StateDict();
        Map<String, float[]> w = net.exportWeights();
        for (LayerSpec l : net.layers()) {
            sd.put(l.name() + ".weight", TorchTensor.of(w.get(l.name() + ".weight"), l.out(), l.in()));
            sd.put(l.name() + ".bias", TorchTensor.of(w.get(l.name() + ".bias"), l.out()));
        }
        return sd;
    }

    /** The state_dict's float tensors by name, for {@link Network#importWeights}. */
    public static Map<String, float[]> weights(StateDict sd) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : sd.names()) {
            out.put(name, sd.get(name).data());
        }
        return out;
    }

    /**
     * A recognised layout (no dropout: for inference).
     *
     * @param name which layout, e.g. {@code "seed Net"}
     * @param main the layers from App to the model's output
     * @param l1Head the layers from App to L1 of a model with a second output (the bi-directional encoder), or
     *     null
     */
    public record Layout(String name, List<LayerSpec> main, List<LayerSpec> l1Head) {
    }

    /**
     * A loaded model.
     *
     * @param layout its layout
     * @param main the network to the model's output
     * @param l1Head the network to the second (L1) output, or null
     */
    public record Loaded(Layout layout, Network main, Network l1Head) {
    }

    /**
     * Recognises the seed's {@code Net} / {@code Net2} ({@code fc1.0} .. {@code fcN.0}), its {@code Addlayers},
     * and this project's autoencoder ({@code encoder.*}, {@code sandwich.*}, {@code decoder.*}) and
     * bi-directional model ({@code encoder.*}, {@code decoder.*}, connectors {@code c12.*}, {@code c21.*}).
     */
    public static Layout recognise(StateDict sd) {
        List<String> used = new ArrayList<>();
        Layout layout;
        if (sd.contains("fc1.0.weight")) {
            layout = new Layout("seed Net", chain(sd, "", used), null);
        } else if (sd.contains("prevmodel.0.0.weight")) {
            List<LayerSpec> layers = new ArrayList<>();
            for (int i = 0; sd.contains("prevmodel." + i + ".0.weight"); i++) {
                layers.add(layer(sd, "prevmodel." + i + ".0", true, used));
            }
            relu(layers, layers.size() - 1, false);
            layers.add(layer(sd, "projective", true, used));
            layers.add(layer(sd, "projective2", false, used));
            layout = new Layout("seed Addlayers", layers, null);
        } else if (sd.contains("sandwich.0.weight")) {
            List<LayerSpec> layers = new ArrayList<>(chain(sd, "encoder.", used));
            layers.add(layer(sd, "sandwich.0", true, used));
            layers.add(layer(sd, "sandwich.1", false, used));
            layers.addAll(chain(sd, "decoder.", used));
            layout = new Layout("sandwich autoencoder", layers, null);
        } else if (sd.contains("c12.0.weight")) {
            List<LayerSpec> decoder = chain(sd, "decoder.", used);
            List<LayerSpec> encoder = chain(sd, "encoder.", used);
            for (String c : List.of("c12.0", "c12.1", "c21.0", "c21.1")) {
                layer(sd, c, false, used); // connectors act only in training
            }
            layout = new Layout("sandwich bi-directional", decoder, encoder);
        } else {
            throw new SandwichException("expected the seed's Net (fc1.0.*, fc2.0.*, ...), Addlayers"
                    + " (prevmodel.N.0.*, projective.*, projective2.*) or a sandwich model (encoder.*, decoder.*)"
                    + " layout, found tensors " + sd.names());
        }
        if (used.size() != sd.size()) {
            List<String> extra = new ArrayList<>(sd.names());
            extra.removeAll(used);
            throw new SandwichException("expected only the tensors of the " + layout.name() + " layout, found also "
                    + extra);
        }
        check(layout.main());
        if (layout.l1Head() != null) {
            check(layout.l1Head());
        }
        return layout;
    }

    private static List<LayerSpec> chain(StateDict sd, String prefix, List<String> used) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 1; sd.contains(prefix + "fc" + i + ".0.weight"); i++) {
            layers.add(layer(sd, prefix + "fc" + i + ".0", true, used));
        }
        if (layers.isEmpty()) {
            throw new SandwichException("expected " + prefix + "fc1.0.weight, found tensors " + sd.names());
        }
        relu(layers, layers.size() - 1, false);
        return layers;
    }

    private static void relu(List<LayerSpec> layers, int i, boolean relu) {
        LayerSpec l = layers.get(i);
        layers.set(i, new LayerSpec(l.name(), l.in(), l.out(), relu, l.dropout()));
    }

    private static LayerSpec layer(StateDict sd, String n, boolean relu, List<String> used) {
        TorchTensor w = sd.get(n + ".weight");
        TorchTensor b = sd.get(n + ".bias");
        if (w == null || b == null || w.rank() != 2 || b.rank() != 1 || b.dim(0) != w.dim(0)) {
            throw new SandwichException("expected " + n + ".weight [out, in] and " + n + ".bias [out], found "
                    + (w == null ? "no weight" : w.shapeString()) + " and "
                    + (b == null ? "no bias" : b.shapeString()));
        }
        used.add(n + ".weight");
        used.add(n + ".bias");
        return new LayerSpec(n, w.dim(1), w.dim(0), relu, 0f);
    }

    private static void check(List<LayerSpec> layers) {
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new SandwichException("layer " + layers.get(i).name() + ": expected input width "
                        + layers.get(i - 1).out() + ", found " + layers.get(i).in());
            }
        }
    }

    /** The model in {@code sd}, with its weights, in its recognised layout. */
    public static Loaded load(Backend backend, StateDict sd) {
        Layout layout = recognise(sd);
        Map<String, float[]> w = weights(sd);
        Network main = new Network(backend, layout.main());
        main.importWeights(w);
        Network head = null;
        if (layout.l1Head() != null) {
            head = new Network(backend, layout.l1Head());
            head.importWeights(w);
        }
        return new Loaded(layout, main, head);
    }
}
