package io.sandwich.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The building blocks of the report's networks, for {@link Recipe}s: the seed's {@code Net} chain, the connectors
 * put between two networks, and the renamings that carry one stage's weights into the next.
 */
public final class Layers {
    private Layers() {
    }

    /**
     * {@code prefix + "fc1.0"} .. {@code fc(N+1).0}: a hidden layer of each of the {@code widths} with ReLU, then the
     * output layer; dropout after the first hidden layer, after the later ones, and after the output, as
     * {@link Hyperparameters#DROPOUT} says.
     */
    public static List<Layer> chain(String prefix, int in, int out, List<Integer> widths, Settings s) {
        List<Float> dropout = s.get(Hyperparameters.DROPOUT);
        List<Layer> layers = new ArrayList<>();
        int width = in;
        for (int i = 0; i < widths.size(); i++) {
            layers.add(new Layer(prefix + "fc" + (i + 1) + ".0", width, widths.get(i), true,
                    dropout.get(i == 0 ? 0 : 1)));
            width = widths.get(i);
        }
        layers.add(new Layer(prefix + "fc" + (widths.size() + 1) + ".0", width, out, false, dropout.get(2)));
        return layers;
    }

    /** The seed's {@code Net}: the hidden layers {@link Hyperparameters#HIDDEN} names ({@code fc1.0}, ...). */
    public static List<Layer> seedNet(int in, int out, Settings s) {
        return chain("", in, out, s.get(Hyperparameters.HIDDEN), s);
    }

    /** {@code n} hidden layers as wide as the last of {@link Hyperparameters#HIDDEN}. */
    public static List<Integer> lastWidth(int n, Settings s) {
        List<Integer> hidden = s.get(Hyperparameters.HIDDEN);
        return java.util.Collections.nCopies(n, hidden.get(hidden.size() - 1));
    }

    /**
     * Two layers {@code prefix.0} ({@code in} to {@link Hyperparameters#SANDWICH_HIDDEN}, ReLU) and
     * {@code prefix.1} (to {@code out}), without dropout.
     */
    public static List<Layer> connector(String prefix, int in, int out, Settings s) {
        int width = s.get(Hyperparameters.SANDWICH_HIDDEN);
        return List.of(new Layer(prefix + ".0", in, width, true, 0f), new Layer(prefix + ".1", width, out, false,
                0f));
    }

    /** The layers with {@code prefix} before each name. */
    public static List<Layer> prefixed(String prefix, List<Layer> layers) {
        return layers.stream().map(l -> l.prefixed(prefix)).toList();
    }

    /** Renames a tensor by putting {@code prefix} before its name. */
    public static UnaryOperator<String> prefix(String prefix) {
        return name -> prefix + name;
    }

    /** Renames a Net's tensors ({@code fcK.0.*}) to their names inside Addlayers ({@code prevmodel.K-1.0.*}). */
    public static String netToAddLayers(String name) {
        if (name.startsWith("fc") && name.length() > 2 && Character.isDigit(name.charAt(2))) {
            int dot = name.indexOf('.');
            return "prevmodel." + (Integer.parseInt(name.substring(2, dot)) - 1) + name.substring(dot);
        }
        return name;
    }
}
