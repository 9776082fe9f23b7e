package io.sandwich.cli;

import io.sandwich.api.EvaluateOptions;
import io.sandwich.api.EvaluateResult;
import io.sandwich.api.Sandwich;
import io.sandwich.api.Evaluation;
import io.sandwich.api.Hyperparameter;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Loss;
import io.sandwich.api.Settings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sandwich evaluate}: scores a weights file on a dataset's splits. */
@Command(name = "evaluate", footer = {
            "  scripts/sandwich evaluate --weights out/app2l1/model.pt",
            "  scripts/sandwich evaluate --weights out/app2l1/model.pt \\",
            "      --data ../shared/data/seed"},
        description = "Scores a weights file on every split of a dataset that has targets of its output width"
                + " (L1 for 23 outputs, L2 for 164): loss, category accuracy, top-k accuracy.")
public final class EvaluateCommand implements Callable<Integer>, HyperparameterOptions.Taking {
    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.DataFolder data;

    @Mixin
    ComputeOptions computing;

    @Mixin
    SharedOptions.Weights weights;

    @Override
    public List<Hyperparameter<?>> hyperparameters() {
        return List.of(Hyperparameters.LOSS, Hyperparameters.TOP_K);
    }

    @Override
    public Settings defaults() {
        return Settings.defaults();
    }

    @Override
    public Integer call() {
        Settings s = HyperparameterOptions.read(spec, this);
        Loss lossKind = s.get(Hyperparameters.LOSS);
        int k = s.get(Hyperparameters.TOP_K);
        EvaluateResult r = Sandwich.evaluate(new EvaluateOptions(weights.file, data.data(), lossKind, k,
                computing.compute(true)), Console.listener(spec, true));
        PrintWriter o = Console.out(spec);
        o.printf("%s (%s) on %s (%s targets)%n", weights.file, r.layout(), r.data(), r.l1Targets() ? "L1" : "L2");
        o.printf("| split | rows | %s loss | accuracy | top-%d |%n|---|---|---|---|---|%n", lossKind, k);
        for (Map.Entry<String, Evaluation> split : r.splits().entrySet()) {
            Evaluation e = split.getValue();
            o.printf(Locale.ROOT, "| %s | %d | %.5f | %.4f | %.4f |%n", split.getKey(), e.rows(), e.loss(),
                    e.accuracy(), e.topK());
        }
        o.flush();
        return 0;
    }
}
