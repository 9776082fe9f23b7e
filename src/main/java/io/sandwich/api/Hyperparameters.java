package io.sandwich.api;

import java.util.List;
import java.util.Optional;

/**
 * Every hyperparameter, each defined once: what a run computes, not where or how fast. The defaults are the report's
 * and the seed code's. {@link Settings} holds a run's values; the command line, the sweep grid and the run record
 * take their names, types, defaults, checks and help from here.
 */
public final class Hyperparameters {
    /** Adam's learning rate. */
    public static final Hyperparameter<Float> LR = Hyperparameter.real("lr", "LR", 1e-3f, v -> v > 0,
            "a positive learning rate", "Adam learning rate", true);
    /** The bi-directional model's a_e (its encoder side's learning rate), {@link #LR} unless set. */
    public static final Hyperparameter<Float> LR_E = Hyperparameter.real("lr-e", "LR", LR, v -> v > 0,
            "a positive learning rate", "Bi-directional model: learning rate a_e of the encoder side", true);
    /** The bi-directional model's a_d (its decoder side's learning rate), {@link #LR} unless set. */
    public static final Hyperparameter<Float> LR_D = Hyperparameter.real("lr-d", "LR", LR, v -> v > 0,
            "a positive learning rate", "Bi-directional model: learning rate a_d of the decoder side", true);
    /** L2 weight decay, added to the gradient as {@code torch.optim.Adam} does (not decoupled as in AdamW). */
    public static final Hyperparameter<Float> WEIGHT_DECAY = Hyperparameter.real("weight-decay", "WD", 1e-5f,
            v -> v >= 0, "a weight decay of at least 0", "L2 weight decay added to the gradient, as"
                    + " torch.optim.Adam", true);
    /** Rows per step. */
    public static final Hyperparameter<Integer> BATCH = Hyperparameter.integer("batch", 128, 1,
            "a batch size of at least 1", "Batch size", true);
    /**
     * Widths of the hidden layers of the networks that read App rows, one per layer: the seed's {@code Net} has two
     * of 1024. The bi-directional decoder has two layers more, as wide as the last; the autoencoder's L1 -> L2
     * decoder's layers are as wide as the last.
     */
    public static final Hyperparameter<List<Integer>> HIDDEN = Hyperparameter.integers("hidden", "W[,W...]",
            List.of(1024, 1024), 1, "a positive layer width", "Widths of the hidden layers of the networks that read"
                    + " App rows, one per layer (the bi-directional decoder adds two as wide as the last; the"
                    + " autoencoder's decoder uses the last)", true);
    /** Width of the layers between two networks. */
    public static final Hyperparameter<Integer> SANDWICH_HIDDEN = Hyperparameter.integer("sandwich-hidden", 100, 1,
            "a positive layer width", "Width of the layers between two networks: the baseline's 23-H-164, the"
                    + " autoencoder's sandwich 23-H-23, the bi-directional connectors", true);
    /** Hidden layers of the autoencoder's L1 -> L2 decoder. */
    public static final Hyperparameter<Integer> DECODER_HIDDEN_LAYERS = Hyperparameter.integer(
            "decoder-hidden-layers", 0, 0, "a hidden layer count of at least 0", "Hidden layers of the"
                    + " autoencoder's L1 -> L2 decoder: 0 as the report, 2 as the seed's code", true);
    /** Dropout after the three blocks of the seed's Net: the first hidden layer, the later ones, the output. */
    public static final Hyperparameter<List<Float>> DROPOUT = Hyperparameter.reals("dropout", "P,P,P",
            List.of(0.05f, 0.1f, 0.0f), 3, v -> v >= 0 && v < 1, "dropout rates in [0, 1)", "three dropout rates",
            "Dropout after the three blocks of the seed's Net: the first hidden layer, the later ones, the output",
            true);
    /** The training loss. */
    public static final Hyperparameter<Loss> LOSS = Hyperparameter.choice("loss", Loss.class, Loss.MASKED,
            Loss::named, "mse, masked (the seed code's), masked-elementwise (the report's formula), l1, soft-ce",
            true);
    /** Epochs per stage (at most, with a patience). */
    public static final Hyperparameter<Integer> EPOCHS = Hyperparameter.integer("epochs", 20, 1, "at least 1 epoch",
            "Epochs per stage", true);
    /** Early stopping: epochs without a better validation accuracy after which a stage stops (0: never). */
    public static final Hyperparameter<Integer> PATIENCE = Hyperparameter.integer("patience", 0, 0,
            "a patience of at least 0 epochs (0: no early stopping)", "Stop a stage once its validation accuracy has"
                    + " not improved for N epochs; the best epoch's weights are kept either way (0: run every"
                    + " epoch)", true);
    /** Which rows train, select and test. */
    public static final Hyperparameter<Protocol> PROTOCOL = Hyperparameter.choice("protocol", Protocol.class,
            Protocol.CLEAN, Protocol::named, "clean (train/val/test as split) or seed (the seed's leaky protocol)",
            false);
    /** Seeds the initial weights, the row order and dropout. */
    public static final Hyperparameter<Long> SEED = Hyperparameter.longInteger("seed", 1,
            "Random seed of the initial weights, the row order and dropout");
    /** k of the top-k accuracy. */
    public static final Hyperparameter<Integer> TOP_K = Hyperparameter.integer("top-k", 5, 1, "top-k with k >= 1",
            "k of the top-k accuracy", false);

    /** All of them; the sweepable ones in the order a grid lists them. */
    public static final List<Hyperparameter<?>> ALL = List.of(LR, LR_E, LR_D, WEIGHT_DECAY, BATCH, HIDDEN,
            SANDWICH_HIDDEN, DECODER_HIDDEN_LAYERS, DROPOUT, LOSS, EPOCHS, PATIENCE, PROTOCOL, SEED, TOP_K);

    private Hyperparameters() {
    }

    /** The hyperparameter named {@code name}, if there is one. */
    public static Optional<Hyperparameter<?>> named(String name) {
        return ALL.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
