package io.sandwich.cli;

import io.sandwich.SandwichException;
import io.sandwich.metrics.ranking.RankingFile;
import io.sandwich.metrics.ranking.RankingMetrics;
import io.sandwich.metrics.ranking.RankingReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code rank-eval} subcommand: scores a prediction file against a truth file and prints the metrics. */
@Command(
        name = "rank-eval",
        mixinStandardHelpOptions = true,
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

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics to this JSON file.")
    private Path json;

    @Override
    public Integer call() {
        if (k < 1) {
            throw new ParameterException(spec.commandLine(), "expected --k >= 1, found " + k);
        }
        RankingReport report = RankingMetrics.evaluate(RankingFile.read(truth), RankingFile.read(pred), k);
        spec.commandLine().getOut().print(report.toMarkdown());
        spec.commandLine().getOut().flush();
        if (json != null) {
            writeAtomically(json, report.toJson() + System.lineSeparator());
        }
        return 0;
    }

    /** Writes to a sibling temp file, then renames it, so a reader never sees half a report. */
    static void writeAtomically(Path target, String text) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), abs.getFileName() + ".", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that is the error worth reporting
                }
            }
            throw new SandwichException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
