package io.sandwich.model;

import io.sandwich.nn.LayerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The layer lists of the report's networks, named as the seed's PyTorch modules name them. */
public final class Architectures {
    private Architectures() {
    }

    /**
     * The seed's {@code Net}: {@code fc1 = Linear(in, h) + ReLU}, {@code fc2 = Linear(h, h) + ReLU},
     * {@code fc3 = Linear(h, out)}, each block followed by its dropout; state_dict names {@code fc1.0.*} etc.
     */
    public static List<LayerSpec> seedNet(int in, int out, ModelOptions o) {
        return List.of(new LayerSpec("fc1.0", in, o.hidden(), true, o.dropout(0)),
                new LayerSpec("fc2.0", o.hidden(), o.hidden(), true, o.dropout(1)),
                new LayerSpec("fc3.0", o.hidden(), out, false, o.dropout(2)));
    }

    /**
     * The seed's {@code Addlayers}: a trained Net as {@code prevmodel.N.0}, then {@code projective} (L1 width to
     * {@code projectionHidden}) with ReLU, then {@code projective2} to {@code out}.
     */
    public static List<LayerSpec> addLayers(List<LayerSpec> prev, int out, ModelOptions o) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < prev.size(); i++) {
            LayerSpec l = prev.get(i);
            layers.add(new LayerSpec("prevmodel." + i + ".0", l.in(), l.out(), l.relu(), l.dropout()));
        }
        int l1 = prev.get(prev.size() - 1).out();
        layers.add(new LayerSpec("projective", l1, o.projectionHidden(), true, 0f));
        layers.add(new LayerSpec("projective2", o.projectionHidden(), out, false, 0f));
        return layers;
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
