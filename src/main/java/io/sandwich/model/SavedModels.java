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

    /** The layers of a recognised layout (no dropout: for inference). */
    public static List<LayerSpec> recognise(StateDict sd) {
        List<String> names;
        List<Boolean> relu;
        if (sd.contains("fc1.0.weight")) {
            names = List.of("fc1.0", "fc2.0", "fc3.0");
            relu = List.of(true, true, false);
        } else if (sd.contains("prevmodel.0.0.weight")) {
            names = List.of("prevmodel.0.0", "prevmodel.1.0", "prevmodel.2.0", "projective", "projective2");
            relu = List.of(true, true, false, true, false);
        } else {
            throw new SandwichException("expected the seed's Net (fc1.0.*, fc2.0.*, fc3.0.*) or Addlayers"
                    + " (prevmodel.N.0.*, projective.*, projective2.*) layout, found tensors " + sd.names());
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            TorchTensor w = sd.get(n + ".weight");
            TorchTensor b = sd.get(n + ".bias");
            if (w == null || b == null || w.rank() != 2 || b.rank() != 1 || b.dim(0) != w.dim(0)) {
                throw new SandwichException("expected " + n + ".weight [out, in] and " + n + ".bias [out], found "
                        + (w == null ? "no weight" : w.shapeString()) + " and "
                        + (b == null ? "no bias" : b.shapeString()));
            }
            layers.add(new LayerSpec(n, w.dim(1), w.dim(0), relu.get(i), 0f));
        }
        int extra = sd.size() - 2 * names.size();
        if (extra != 0) {
            throw new SandwichException("expected only the " + 2 * names.size() + " tensors of the layout "
                    + names + ", found " + sd.size() + ": " + sd.names());
        }
        return layers;
    }

    /** A network with the recognised layout of {@code sd}, holding its weights. */
    public static Network load(Backend backend, StateDict sd) {
        Network net = new Network(backend, recognise(sd));
        net.importWeights(weights(sd));
        return net;
    }
}
