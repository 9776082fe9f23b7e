package io.sandwich.cli;

import io.sandwich.api.Sandwich;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sandwich bench-chart}: draws throughput against batch size from a bench-vs-torch summary. */
@Command(name = "bench-chart", footer = {
            "  scripts/sandwich bench-chart --summary out/bench/summary.json \\",
            "      --out out/bench/chart.png",
            "  scripts/sandwich bench-chart --summary docs/bench/peers-summary.json \\",
            "      --out out/peers.png"},
        description = "Draws samples/s against batch size, sandwich vs PyTorch, from scripts/bench/bench-vs-torch's"
                + " summary.json.")
public final class BenchChartCommand implements Callable<Integer> {
    @Option(names = "--summary", required = true, paramLabel = "FILE", description = "summary.json to read.")
    Path summary;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "Chart to write.")
    Path out;

    @Override
    public Integer call() {
        Sandwich.benchChart(summary, out);
        return 0;
    }
}
