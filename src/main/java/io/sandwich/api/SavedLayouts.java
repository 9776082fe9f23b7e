package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The layouts of the seed's files and of this project's models: the seed's {@code Net} / {@code Net2}
 * ({@code fc1.0} .. {@code fcN.0}, ReLU after all but the last), its {@code Addlayers} ({@code prevmodel.0.0} ..,
 * then {@code projective}, ReLU, {@code projective2}), the autoencoder ({@code encoder.*}, {@code sandwich.0/1},
 * {@code decoder.*}) and the bi-directional model ({@code encoder.*}, {@code decoder.*}, connectors {@code c12.*},
 * {@code c21.*}, which act only in training).
 */
public final class SavedLayouts {
    /** The seed's Net and Net2: {@code fc1.0} .. {@code fcN.0}; also what app2l1 and no-transfer save. */
    public static final SavedLayout SEED_NET = layout("seed Net", "the seed's Net (fc1.0.*, fc2.0.*, ...)",
            "fc1.0.weight", (sd, used) -> saved(chain(sd, "", used), List.of(), used));
    /** The seed's Addlayers, which the baseline saves. */
    public static final SavedLayout ADDLAYERS = layout("seed Addlayers",
            "Addlayers (prevmodel.N.0.*, projective.*, projective2.*)", "prevmodel.0.0.weight", (sd, used) -> {
                List<Layer> layers = new ArrayList<>();
                for (int i = 0; sd.containsKey("prevmodel." + i + ".0.weight"); i++) {
                    layers.add(layer(sd, "prevmodel." + i + ".0", true, used));
                }
                last(layers, false);
                layers.add(layer(sd, "projective", true, used));
                layers.add(layer(sd, "projective2", false, used));
                return saved(layers, List.of(), used);
            });
    /** The autoencoder joined by its sandwich layers. */
    public static final SavedLayout AUTOENCODER = layout("sandwich autoencoder",
            "a sandwich model (encoder.*, decoder.*)", "sandwich.0.weight", (sd, used) -> {
                List<Layer> layers = new ArrayList<>(chain(sd, "encoder.", used));
                layers.add(layer(sd, "sandwich.0", true, used));
                layers.add(layer(sd, "sandwich.1", false, used));
                layers.addAll(chain(sd, "decoder.", used));
                return saved(layers, List.of(), used);
            });
    /** The bi-directional model: its decoder is the main output, its encoder the L1 output. */
    public static final SavedLayout BIDIRECTIONAL = layout("sandwich bi-directional",
            "a sandwich model (encoder.*, decoder.*)", "c12.0.weight", (sd, used) -> {
                List<Layer> decoder = chain(sd, "decoder.", used);
                List<Layer> encoder = chain(sd, "encoder.", used);
                for (String c : List.of("c12.0", "c12.1", "c21.0", "c21.1")) {
                    layer(sd, c, false, used);
                }
                return saved(decoder, encoder, used);
            });
    /** The built-in layouts, in the order a file is tried against them. */
    public static final List<SavedLayout> BUILT_IN = List.of(SEED_NET, ADDLAYERS, AUTOENCODER, BIDIRECTIONAL);

    private SavedLayouts() {
    }

    /**
     * The layout among {@code candidates} that {@code tensors} have, and the networks they hold: the first that
     * matches, checked to use every tensor and to chain its widths.
     *
     * @throws SandwichException naming what was expected when none matches, or what is wrong with the one that does
     */
    static Map.Entry<SavedLayout, SavedLayout.Saved> recognise(Map<String, int[]> tensors,
            List<SavedLayout> candidates) {
        for (SavedLayout l : candidates) {
            Optional<SavedLayout.Saved> s = l.match(tensors);
            if (s.isPresent()) {
                List<String> extra = new ArrayList<>(tensors.keySet());
                extra.removeAll(s.get().tensors());
                if (!extra.isEmpty()) {
                    throw new SandwichException("expected only the tensors of the " + l.name() + " layout, found"
                            + " also " + extra);
                }
                chained(s.get().main());
                chained(s.get().l1Head());
                return Map.entry(l, s.get());
            }
        }
        List<String> expected = new ArrayList<>(new LinkedHashSet<>(candidates.stream().map(SavedLayout::expected)
                .toList()));
        String last = expected.remove(expected.size() - 1);
        throw new SandwichException("expected " + (expected.isEmpty() ? "" : String.join(", ", expected) + " or ")
                + last + " layout, found tensors " + tensors.keySet());
    }

    /** How a layout reads the tensors of a file it recognises, adding the names it used. */
    @FunctionalInterface
    private interface Reader {
        SavedLayout.Saved read(Map<String, int[]> tensors, List<String> used);
    }

    private static SavedLayout layout(String name, String expected, String marker, Reader reader) {
        return new SavedLayout() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String expected() {
                return expected;
            }

            @Override
            public Optional<SavedLayout.Saved> match(Map<String, int[]> tensors) {
                return tensors.containsKey(marker) ? Optional.of(reader.read(tensors, new ArrayList<>()))
                        : Optional.empty();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static SavedLayout.Saved saved(List<Layer> main, List<Layer> l1Head, List<String> used) {
        return new SavedLayout.Saved(main, l1Head, used);
    }

    /**
     * The layers {@code prefix + "fc1.0"}, {@code fc2.0}, ... of a file, ReLU after all but the last.
     *
     * @throws SandwichException when there is no {@code prefix + "fc1.0.weight"}
     */
    public static List<Layer> chain(Map<String, int[]> tensors, String prefix, List<String> used) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 1; tensors.containsKey(prefix + "fc" + i + ".0.weight"); i++) {
            layers.add(layer(tensors, prefix + "fc" + i + ".0", true, used));
        }
        if (layers.isEmpty()) {
            throw new SandwichException("expected " + prefix + "fc1.0.weight, found tensors " + tensors.keySet());
        }
        last(layers, false);
        return layers;
    }

    /**
     * The layer {@code name} of a file: {@code name.weight} [out, in] and {@code name.bias} [out], whose names are
     * added to {@code used}.
     *
     * @throws SandwichException when either is missing or misshapen
     */
    public static Layer layer(Map<String, int[]> tensors, String name, boolean relu, List<String> used) {
        int[] w = tensors.get(name + ".weight");
        int[] b = tensors.get(name + ".bias");
        if (w == null || b == null || w.length != 2 || b.length != 1 || b[0] != w[0]) {
            throw new SandwichException("expected " + name + ".weight [out, in] and " + name + ".bias [out], found "
                    + shape(w, "no weight") + " and " + shape(b, "no bias"));
        }
        used.add(name + ".weight");
        used.add(name + ".bias");
        return new Layer(name, w[1], w[0], relu, 0f);
    }

    private static String shape(int[] s, String none) {
        return s == null ? none : Arrays.toString(s);
    }

    private static void last(List<Layer> layers, boolean relu) {
        Layer l = layers.get(layers.size() - 1);
        layers.set(layers.size() - 1, new Layer(l.name(), l.in(), l.out(), relu, l.dropout()));
    }

    private static void chained(List<Layer> layers) {
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in() != layers.get(i - 1).out()) {
                throw new SandwichException("layer " + layers.get(i).name() + ": expected input width "
                        + layers.get(i - 1).out() + ", found " + layers.get(i).in());
            }
        }
    }

    /** Each tensor's shape by name, in order. */
    static Map<String, int[]> shapes(Function<String, int[]> shape, List<String> names) {
        Map<String, int[]> m = new java.util.LinkedHashMap<>();
        names.forEach(n -> m.put(n, shape.apply(n)));
        return m;
    }
}
