package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.List;
import java.util.stream.Collectors;

/** The report's models, as {@link Recipe}s. */
public final class Models {
    /** The seed's Net from App to L1. */
    public static final Recipe APP2L1 = new App2L1Model();
    /** The same net from App to L2, without transfer. */
    public static final Recipe NO_TRANSFER = new NoTransferModel();
    /** Train App -> L1, put 23 -> 100 -> 164 on top, fine-tune App -> L2 (the seed's Addlayers). */
    public static final Recipe BASELINE = new BaselineModel();
    /** Encoder and decoder trained apart, joined by sandwich layers, fine-tuned App -> L2. */
    public static final Recipe AUTOENCODER = new AutoencoderModel();
    /** Encoder App -> L1 and decoder App -> L2 trained together by the report's Algorithm 1. */
    public static final Recipe BIDIRECTIONAL = new BidirectionalModel();
    /** All five, in the report's order. */
    public static final List<Recipe> ALL = List.of(APP2L1, NO_TRANSFER, BASELINE, AUTOENCODER, BIDIRECTIONAL);

    private Models() {
    }

    /**
     * The model named {@code name}.
     *
     * @throws SandwichException naming the models when there is none of that name
     */
    public static Recipe named(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        return ALL.stream().filter(m -> m.name().equals(n)).findFirst().orElseThrow(() -> new SandwichException(
                "expected a model among " + ALL.stream().map(Recipe::name).collect(Collectors.joining(", "))
                        + ", found \"" + name + "\""));
    }
}
