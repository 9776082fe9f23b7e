package io.sandwich.cli;

import io.sandwich.api.Sandwich;
import io.sandwich.api.RankingScores;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code rank-eval} subcommand: scores a prediction file against a truth file and prints the metrics. */
@Command(
        name = "rank-eval",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  scripts/sandwich rank-eval --truth truth.txt --pred predictions.txt --k 5 \\",
            "      --json out/ranking.json",
            "  scripts/sandwich rank-eval --truth truth.txt --pred predictions.txt --k 10"},
        description = "Scores recommended items against what each user read (both files: user:item,item,... lines)"
                + " and prints precision, recall, MAP, NDCG and hit rate at k, plus the seed code's score.")
public final class RankEvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--truth", required = true, paramLabel = "FILE",
            description = "What each user read, e.g. precision/text.txt.")
    private Path truth;

    @Option(names = "--pred", required = true, paramLabel = "FILE",
            description = "Recommended items per user, best first, e.g. precision/output_base.txt.")
    private Path pred;

    @Option(names = "--k", defaultValue = "5", paramLabel = "K",
            description = "Cut-off rank (default: ${DEFAULT-VALUE}).")
    private int k;

    @Mixin
    private SharedOptions.Json json;

    @Override
    public Integer call() {
        if (k < 1) {
            throw new ParameterException(spec.commandLine(), "expected --k >= 1, found " + k);
        }
        RankingScores report = Sandwich.rankEval(truth, pred, k, java.util.Optional.ofNullable(json.file));
        spec.commandLine().getOut().print(report.markdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

}
