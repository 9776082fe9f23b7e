package io.sandwich.cli;

import io.sandwich.SandwichException;
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

    @Option(names = "--output-l1", paramLabel = "FILE",
            description = "For a bi-directional model: where to write its second output, the encoder's L1 rows.")
    Path outputL1;

    @Override
    public Integer call() {
        Outputs.fileInExistingFolder("--output", output);
        if (outputL1 != null) {
            Outputs.fileInExistingFolder("--output-l1", outputL1);
        }
        StateDict sd = TorchCheckpointReader.read(weights);
        try (Backend backend = common.openBackend(spec.commandLine().getErr())) {
            SavedModels.Loaded model = SavedModels.load(backend, sd);
            if (outputL1 != null && model.l1Head() == null) {
                throw new SandwichException("--output-l1 needs a model with an L1 output besides its main one (the"
                        + " bi-directional model); " + weights + " holds a " + model.layout().name());
            }
            Network net = model.main();
            CsrMatrix x = VectorFileReader.read(input, net.inputWidth());
            SupervisedTrainer t = new SupervisedTrainer(backend, Progress.NONE);
            float[] y = t.predict(net, x);
            float[] y1 = outputL1 == null ? null : t.predict(model.l1Head(), x);
            VectorFileWriter.write(output, y, x.rows(), net.outputWidth());
            spec.commandLine().getOut().printf("%s: wrote %d rows of %d values to %s%n", model.layout().name(),
                    x.rows(), net.outputWidth(), output);
            if (y1 != null) {
                VectorFileWriter.write(outputL1, y1, x.rows(), model.l1Head().outputWidth());
                spec.commandLine().getOut().printf("wrote %d rows of %d values to %s%n", x.rows(),
                        model.l1Head().outputWidth(), outputL1);
            }
        }
        return 0;
    }
}
