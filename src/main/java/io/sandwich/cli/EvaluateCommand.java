package io.sandwich.cli;

import io.sandwich.api.EvaluateOptions;
import io.sandwich.api.EvaluateResult;
import io.sandwich.api.Sandwich;
import io.sandwich.backend.LossKind;
import io.sandwich.train.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
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
        PrintWriter o = spec.commandLine().getOut();
        EvaluateResult r = Sandwich.evaluate(new EvaluateOptions(weights, common.data, lossKind, common.topK,
                common.compute()), common.listener(o, spec.commandLine().getErr()));
        o.printf("%s (%s) on %s (%s targets)%n", weights, r.layout(), r.data(), r.l1Targets() ? "L1" : "L2");
        o.printf("| split | rows | %s loss | accuracy | top-%d |%n|---|---|---|---|---|%n", lossKind, common.topK);
        for (Map.Entry<String, Evaluation> s : r.splits().entrySet()) {
            Evaluation e = s.getValue();
            o.printf(Locale.ROOT, "| %s | %d | %.5f | %.4f | %.4f |%n", s.getKey(), e.rows(), e.loss(), e.accuracy(),
                    e.topK());
        }
        o.flush();
        return 0;
    }
}
