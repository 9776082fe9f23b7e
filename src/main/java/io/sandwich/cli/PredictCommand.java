package io.sandwich.cli;

import io.sandwich.backend.Backend;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.VectorFileReader;
import io.sandwich.data.VectorFileWriter;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.model.SavedModels;
import io.sandwich.nn.Network;
import io.sandwich.train.SupervisedTrainer;
import io.sandwich.train.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich predict}: runs saved weights over a vector file and writes one output row per input row. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Runs a weights file (the seed's Net, Net2 or Addlayers layout, or a model saved by sandwich)"
                + " over an input vector file and writes one space-separated output row per input row.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "torch.save state_dict file.")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input rows, e.g. test_app.txt.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the outputs.")
    Path output;

    @Override
    public Integer call() {
        StateDict sd = TorchCheckpointReader.read(weights);
        try (Backend backend = common.openBackend(spec.commandLine().getErr())) {
            Network net = SavedModels.load(backend, sd);
            CsrMatrix x = VectorFileReader.read(input, net.inputWidth());
            float[] y = new SupervisedTrainer(backend, Progress.NONE).predict(net, x);
            VectorFileWriter.write(output, y, x.rows(), net.outputWidth());
            spec.commandLine().getOut().printf("wrote %d rows of %d values to %s%n", x.rows(), net.outputWidth(),
                    output);
        }
        return 0;
    }
}
