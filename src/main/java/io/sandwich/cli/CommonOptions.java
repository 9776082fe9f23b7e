package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.Backends;
import io.sandwich.backend.Device;
import io.sandwich.data.Dataset;
import io.sandwich.model.ModelOptions;
import io.sandwich.train.Rates;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that train: data, device, sizes and optimiser settings. */
final class CommonOptions {
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

    @Option(names = "--batch", defaultValue = "128", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "LR", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "k of the top-k accuracy (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** The data folder: {@code --data}, or the embedded dataset. */
    Path dataDir() {
        if (data != null) {
            return data;
        }
        String home = System.getProperty("sandwich.home");
        Path embedded = (home != null ? Path.of(home) : Path.of("")).resolve("data").resolve("embedded");
        if (!Files.isDirectory(embedded)) {
            throw new SandwichException("the embedded dataset was not found at " + embedded.toAbsolutePath()
                    + "; pass --data DIR or run through scripts/sandwich");
        }
        return embedded;
    }

    Dataset loadData() {
        return Dataset.load(dataDir());
    }

    Backend openBackend(PrintWriter err) {
        Backend b = Backends.open(device, new Backends.Options(threads, tf32, spmm, !noGraphs), msg -> {
            err.println(msg);
            err.flush();
        });
        return b;
    }

    ModelOptions modelOptions() {
        return new ModelOptions(hidden, sandwichHidden, dropout, decoderHiddenLayers, 4);
    }

    AdamConfig adam() {
        return AdamConfig.of(lr, weightDecay);
    }

    /** The bi-directional model's (a_e, a_d). */
    Rates rates() {
        return new Rates(AdamConfig.of(lrE == null ? lr : lrE, weightDecay),
                AdamConfig.of(lrD == null ? lr : lrD, weightDecay));
    }
}
