package io.sandwich.api;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where some of a network's initial weights come from, besides its seeded Xavier-normal start: an earlier stage's
 * trained weights, or a weights file the user gave ({@link TrainOptions.Builder#initFrom},
 * {@link TrainOptions.Builder#initDecoder}). Each tensor is renamed by {@code rename} and taken where the network
 * has a layer of that name and shape; the starts of a network apply in order, so a later one wins.
 *
 * @param source where the weights come from
 * @param stage for {@link Source#STAGE}, the earlier stage's name; empty otherwise
 * @param rename maps a tensor's name there to its name in this network
 */
public record Start(Source source, String stage, UnaryOperator<String> rename) {
    /** The sources of initial weights. */
    public enum Source {
        /** An earlier stage of the same run. */
        STAGE,
        /** The file given as {@code initFrom}: the App -> L1 side (the seed's {@code app2l1.pkl}). */
        INIT_FROM,
        /** The file given as {@code initDecoder}: the autoencoder's decoder (the seed's {@code l12l2.pkl}). */
        INIT_DECODER
    }

    /** Checks that a stage is named exactly for {@link Source#STAGE}. */
    public Start {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rename, "rename");
        if ((source == Source.STAGE) == stage.isEmpty()) {
            throw new IllegalArgumentException("a stage name goes with Source.STAGE alone, found \"" + stage
                    + "\" for " + source);
        }
    }

    /** The trained weights of the earlier stage {@code stage}, renamed. */
    public static Start fromStage(String stage, UnaryOperator<String> rename) {
        return new Start(Source.STAGE, stage, rename);
    }

    /** The weights of the user's {@code initFrom} file, renamed. */
    public static Start initFrom(UnaryOperator<String> rename) {
        return new Start(Source.INIT_FROM, "", rename);
    }

    /** The weights of the user's {@code initDecoder} file, renamed. */
    public static Start initDecoder(UnaryOperator<String> rename) {
        return new Start(Source.INIT_DECODER, "", rename);
    }
}
