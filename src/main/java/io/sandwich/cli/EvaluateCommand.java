package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.LossKind;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.Split;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.model.SavedModels;
import io.sandwich.nn.Network;
import io.sandwich.train.Evaluation;
import io.sandwich.train.LabelledSet;
import io.sandwich.train.Progress;
import io.sandwich.train.SupervisedTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich evaluate}: scores a weights file on a dataset's splits. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Scores a weights file on every split of a dataset that has targets of its output width"
                + " (L1 for 23 outputs, L2 for 164): loss, category accuracy, top-k accuracy.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "torch.save state_dict file.")
    Path weights;

    @Option(names = "--loss", defaultValue = "masked", paramLabel = "L", description = "Loss to report (default: ${DEFAULT-VALUE}).")
    String loss;

    @Override
    public Integer call() {
        LossKind lossKind = LossKind.fromName(loss);
        Dataset data = common.loadData();
        PrintWriter o = spec.commandLine().getOut();
        try (Backend backend = common.openBackend(spec.commandLine().getErr())) {
            SavedModels.Loaded model = SavedModels.load(backend, TorchCheckpointReader.read(weights));
            Network net = model.main();
            if (net.inputWidth() != data.appDim()) {
                throw new SandwichException("expected a network taking " + data.appDim() + " App values, found one"
                        + " taking " + net.inputWidth());
            }
            boolean l1 = net.outputWidth() == data.l1Dim();
            if (!l1 && net.outputWidth() != data.l2Dim()) {
                throw new SandwichException("expected a network with " + data.l1Dim() + " (L1) or " + data.l2Dim()
                        + " (L2) outputs, found " + net.outputWidth());
            }
            SupervisedTrainer t = new SupervisedTrainer(backend, Progress.NONE);
            o.printf("%s (%s) on %s (%s targets)%n", weights, model.layout().name(), data.directory(),
                    l1 ? "L1" : "L2");
            o.printf("| split | rows | %s loss | accuracy | top-%d |%n|---|---|---|---|---|%n", lossKind, common.topK);
            for (Split s : List.of(data.train(), data.validation(), data.test())) {
                CsrMatrix y = l1 ? s.l1() : s.l2();
                if (y == null) {
                    continue;
                }
                Evaluation e = t.evaluate(net, new LabelledSet(s.name(), s.app(), y), lossKind, common.topK);
                o.printf(Locale.ROOT, "| %s | %d | %.5f | %.4f | %.4f |%n", s.name(), e.rows(), e.loss(),
                        e.accuracy(), e.topK());
            }
        }
        return 0;
    }
}
