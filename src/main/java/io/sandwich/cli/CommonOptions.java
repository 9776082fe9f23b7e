package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.Backend;
import io.sandwich.backend.Backends;
import io.sandwich.backend.Device;
import io.sandwich.data.Dataset;
import io.sandwich.model.ModelOptions;
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
        Device d = Device.fromName(device);
        Backend b = Backends.open(d, threads, msg -> {
            err.println(msg);
            err.flush();
        });
        return b;
    }

    ModelOptions modelOptions() {
        return new ModelOptions(hidden, 100, dropout);
    }

    AdamConfig adam() {
        return AdamConfig.of(lr, weightDecay);
    }
}
