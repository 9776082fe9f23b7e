package io.sandwich;

import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Layer;
import io.sandwich.api.Layers;
import io.sandwich.api.Settings;
import io.sandwich.nn.LayerSpec;
import java.util.List;

/** The report's networks as the layers below the API build them, for the tests of those layers. */
public final class TestNets {
    private TestNets() {
    }

    /** The seed's Net at the report's sizes: 2 hidden layers of 1024, dropout 0.05, 0.1, 0. */
    public static List<LayerSpec> seedNet(int in, int out) {
        return specs(Layers.seedNet(in, out, Settings.defaults()));
    }

    /** The seed's Net with hidden layers of {@code hidden} and these three dropout rates. */
    public static List<LayerSpec> seedNet(int in, int out, int hidden, float d0, float d1, float d2) {
        return specs(Layers.seedNet(in, out, settings(hidden, d0, d1, d2)));
    }

    /** {@code prefix + fc1.0} ..: {@code hiddenLayers} hidden layers of {@code hidden}, the report's dropout. */
    public static List<LayerSpec> chain(String prefix, int in, int out, int hiddenLayers, int hidden) {
        return specs(Layers.chain(prefix, in, out, java.util.Collections.nCopies(hiddenLayers, hidden),
                settings(hidden, 0.05f, 0.1f, 0f)));
    }

    /** The two-layer connector {@code prefix.0 / prefix.1} through {@code width}. */
    public static List<LayerSpec> connector(String prefix, int in, int out, int width) {
        return specs(Layers.connector(prefix, in, out, Settings.builder().set(Hyperparameters.SANDWICH_HIDDEN, width)
                .build()));
    }

    private static Settings settings(int hidden, float d0, float d1, float d2) {
        return Settings.builder().set(Hyperparameters.HIDDEN, List.of(hidden, hidden)).set(Hyperparameters.DROPOUT,
                List.of(d0, d1, d2)).build();
    }

    private static List<LayerSpec> specs(List<Layer> layers) {
        return layers.stream().map(l -> new LayerSpec(l.name(), l.in(), l.out(), l.relu(), l.dropout())).toList();
    }
}
