package io.sandwich.cli;

import io.sandwich.api.Compute;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Listener;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options shared by the commands that train: data, device, sizes and optimiser settings. */
final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder in the seed's layout (tr_app.txt, val_l2.txt, ...). Default: the embedded"
                    + " synthetic dataset in data/embedded.")
    Path data;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "cpu, gpu, gpuN or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "CPU threads for BLAS (default: all cores).")
    int threads;

    @Option(names = "--tf32", description = "GPU: let cuBLAS use TF32 tensor cores for the dense products.")
    boolean tf32;

    @Option(names = "--spmm", description = "GPU: multiply sparse App batches with cuSPARSE SpMM instead of a dense"
            + " GEMM (both are captured in the step's graph).")
    boolean spmm;

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

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "k of the top-k accuracy (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** Where and how to compute. */
    Compute compute() {
        return new Compute(device, threads, tf32, spmm, !noGraphs);
    }

    /** Sizes and optimiser settings. */
    Hyperparameters hyper() {
        return new Hyperparameters(batch, lr, weightDecay, lrE, lrD, hidden, sandwichHidden, dropout,
                decoderHiddenLayers, topK, 0);
    }

    /** Where the command prints its results. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Progress bars on a terminal (unless --quiet), lines to standard output, notices to standard error. */
    Listener listener() {
        return new ConsoleListener(quiet, out(), command.commandLine().getErr());
    }
}
