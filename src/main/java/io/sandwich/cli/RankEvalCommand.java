package io.sandwich.cli;

import io.sandwich.api.Sandwich;
import io.sandwich.api.RankingScores;
import io.sandwich.api.Truth;
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
        footer = {
            "  scripts/sandwich rank-eval --truth truth.txt --pred predictions.txt --k 5 \\",
            "      --json out/ranking.json",
            "  scripts/sandwich rank-eval --truth truth.txt --pred predictions.txt --k 10",
            "  scripts/sandwich rank-eval --data data/embedded --split test --level l2 \\",
            "      --pred out/top5.txt"},
        description = "Scores recommended items against what each user read and prints precision, recall, MAP, NDCG"
                + " and hit rate at k, plus the seed code's score. Both are user:item,item,... lines, or the truth is"
                + " a dataset split's targets (a user's items: the columns of the row that are not zero), keyed as"
                + " predict --data writes its rows.")
public final class RankEvalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--truth", paramLabel = "FILE",
            description = "What each user read, e.g. precision/text.txt.")
    private Path truth;

    @Mixin
    private SharedOptions.DataFolder data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "With --data: the split whose targets are the truth (default: ${DEFAULT-VALUE}).")
    private String split;

    @Option(names = "--level", defaultValue = "l2", paramLabel = "l1|l2",
            description = "With --data: which targets (default: ${DEFAULT-VALUE}).")
    private String level;

    @Option(names = "--names", paramLabel = "FILE",
            description = "With --data: one name per target column, as predict --names wrote them.")
    private Path names;

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
        if ((truth == null) == (data.folder == null)) {
            throw new ParameterException(spec.commandLine(), "expected the truth as --truth FILE or --data with a"
                    + " split, found " + (truth == null ? "neither" : "both"));
        }
        Truth t = truth != null ? Truth.file(truth) : Truth.targets(data.data(), split, level,
                java.util.Optional.ofNullable(names));
        RankingScores report = Sandwich.rankEval(t, pred, k, java.util.Optional.ofNullable(json.file));
        spec.commandLine().getOut().print(report.markdown());
        spec.commandLine().getOut().flush();
        return 0;
    }

}
