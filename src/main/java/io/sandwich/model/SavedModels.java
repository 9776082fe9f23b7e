package io.sandwich.model;

import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchTensor;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves networks in and out of PyTorch state_dicts: each layer as {@code name.weight} [out, in] and
 * {@code name.bias} [out], the names the seed's classes use.
 */
public final class SavedModels {
    private SavedModels() {
    }

    /** The networks' weights as one state_dict, in order. */
    public static StateDict toStateDict(List<Network> nets) {
        StateDict sd = new StateDict();
        for (Network net : nets) {
            Map<String, float[]> w = net.exportWeights();
            for (LayerSpec l : net.layers()) {
                sd.put(l.name() + ".weight", TorchTensor.of(w.get(l.name() + ".weight"), l.out(), l.in()));
                sd.put(l.name() + ".bias", TorchTensor.of(w.get(l.name() + ".bias"), l.out()));
            }
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
}
