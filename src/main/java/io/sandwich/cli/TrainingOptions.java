package io.sandwich.cli;

import io.sandwich.api.Compute;
import io.sandwich.api.Hyperparameters;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that trains (train, reproduce, sweep, bench): data, compute, sizes, optimiser. */
final class TrainingOptions {
    @Mixin
    SharedOptions.Data data;

    @Mixin
    ComputeOptions computing;

    @Option(names = "--no-graphs", description = "Run each training step's operations one by one instead of"
            + " capturing the step once and replaying it per batch (a CUDA graph on the GPU); same numbers, slower.")
    boolean noGraphs;

    @Option(names = "--batch", defaultValue = "128", paramLabel = "B",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "LR",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--weight-decay", defaultValue = "1e-5", paramLabel = "WD",
            description = "L2 weight decay added to the gradient, as torch.optim.Adam (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--hidden", defaultValue = "1024", paramLabel = "H",
            description = "Width of the hidden layers (default: ${DEFAULT-VALUE}, the report's).")
    int hidden;

    @Option(names = "--dropout", defaultValue = "0.05,0.1,0.0", split = ",", paramLabel = "P",
            description = "Dropout after the three blocks of the seed's Net (default: ${DEFAULT-VALUE}).")
    float[] dropout;

    @Option(names = "--sandwich-hidden", defaultValue = "100", paramLabel = "H",
            description = "Width of the layers between two networks: the baseline's 23-H-164, the autoencoder's"
                    + " sandwich 23-H-23, the bi-directional connectors (default: ${DEFAULT-VALUE}).")
    int sandwichHidden;

    @Option(names = "--decoder-hidden-layers", defaultValue = "0", paramLabel = "N",
            description = "Hidden layers of the autoencoder's L1 -> L2 decoder: 0 as the report, 2 as the seed's"
                    + " code (default: ${DEFAULT-VALUE}).")
    int decoderHiddenLayers;

    @Option(names = "--lr-e", paramLabel = "LR",
            description = "Bi-directional model: learning rate a_e of the encoder side (default: --lr).")
    Float lrE;

    @Option(names = "--lr-d", paramLabel = "LR",
            description = "Bi-directional model: learning rate a_d of the decoder side (default: --lr).")
    Float lrD;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** The data folder (null: the embedded dataset). */
    Path data() {
        return data.folder;
    }

    /** Where and how to compute. */
    Compute compute() {
        return computing.compute(!noGraphs);
    }

    /** Sizes and optimiser settings, with the command's top-k and patience. */
    Hyperparameters hyper(int topK, int patience) {
        return new Hyperparameters(batch, lr, weightDecay, lrE, lrD, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, patience);
    }
}
