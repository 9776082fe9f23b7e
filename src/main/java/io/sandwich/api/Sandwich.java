package io.sandwich.api;

import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.data.DatasetGenerator;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.torch.TorchCheckpoints;
import io.sandwich.metrics.ranking.RankingFile;
import io.sandwich.metrics.ranking.RankingMetrics;
import io.sandwich.metrics.ranking.RankingReport;
import io.sandwich.report.BenchChart;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * sandwich's Java entry point: every command of the command line as a method taking a typed options record and
 * returning a typed result. Output folders and files are checked before any work starts, and every file is written
 * atomically. A training run's {@link Listener} hears its progress; nothing is printed.
 *
 * <pre>{@code
 * TrainResult r = Sandwich.train(TrainOptions.of(ModelKind.APP2L1).withEpochs(2), Path.of("out/app2l1"),
 *         Listener.SILENT);
 * Sandwich.predict(PredictOptions.of(r.modelFile(), Path.of("data/embedded/test_app.txt"), Path.of("pred.txt")),
 *         Listener.SILENT);
 * }</pre>
 */
public final class Sandwich {
    private Sandwich() {
    }

    /**
     * Trains one model and scores it once on the test rows; writes {@code out/model.pt}, {@code out/result.json}
     * (with the run's record), {@code out/epochs.jsonl} and learning curves, and checkpoints when asked.
     */
    public static TrainResult train(TrainOptions options, Path out, Listener listener) {
        return TrainRun.start(options, out, listener, Checkpoints.WriteHook.NONE);
    }

    /**
     * Continues a checkpointed run ({@code dir}: its checkpoint folder, or its output folder) with the settings it
     * started with, computing on {@code compute}; on the CPU the result is bit-identical to an uninterrupted run.
     */
    public static TrainResult resume(Path dir, Compute compute, Listener listener) {
        return TrainRun.resume(dir, compute, listener, Checkpoints.WriteHook.NONE);
    }

    /** Scores a weights file on every split of a dataset that has targets of its output width. */
    public static EvaluateResult evaluate(EvaluateOptions options, Listener listener) {
        return SavedModelRuns.evaluate(options, listener);
    }

    /** Runs a weights file over a vector file and writes one output row per input row. */
    public static PredictResult predict(PredictOptions options, Listener listener) {
        return SavedModelRuns.predict(options, listener);
    }

    /** Trains every row of Table 1 and writes {@code out/table1.md}, {@code .json}, {@code .png} and curves. */
    public static ReproduceResult reproduce(ReproduceOptions options, Path out, Listener listener) {
        return ReproduceRun.run(options, out, listener);
    }

    /**
     * Runs a sweep, or the part of it {@code options.shard()} names, into {@code out}: each configuration of the
     * grid times each seed, stored in {@code out/runs/} as it ends. A whole sweep also writes {@code sweep.md},
     * {@code sweep.json}, {@code sweep.csv} and its charts; a part leaves them to {@link #mergeSweeps}.
     */
    public static SweepResult sweep(SweepOptions options, Path out, Listener listener) {
        return SweepRun.run(options, out, listener);
    }

    /**
     * Merges the folders of a sharded sweep's parts into {@code out} (their runs, and the files a whole sweep
     * writes, byte for byte as if it had run unsharded); refuses parts of different sweeps and missing parts, and,
     * unless {@code overwrite}, an {@code out} that holds a finished sweep.
     */
    public static SweepResult mergeSweeps(List<Path> parts, Path out, boolean overwrite, Listener listener) {
        return SweepRun.merge(parts, out, overwrite, listener);
    }

    /** Measures training throughput; also writes it as JSON to {@code json} unless that is null. */
    public static BenchResult bench(BenchOptions options, Path json, Listener listener) {
        if (json != null) {
            Outputs.file("--json", json);
        }
        BenchResult r = BenchRun.run(options, listener);
        if (json != null) {
            r.writeJson(json);
        }
        return r;
    }

    /**
     * Writes a synthetic dataset in the seed's layout into {@code out}, streaming one user at a time; each file
     * appears only once all its rows are written. A folder that holds a dataset is refused unless
     * {@code options.overwrite()}.
     */
    public static DatasetGenerator.Summary generate(GenerateOptions options, Path out) {
        try (OutputFolder folder = OutputFolder.claim("--out", out, OutputFolder.Kind.GENERATE,
                OutputFolder.Existing.of(false, options.overwrite()))) {
            return DatasetGenerator.generate(out, options.users(), options.seed());
        }
    }

    /**
     * sandwich's version and commit, Java's and the operating system's, and the versions of the OpenBLAS and JCuda
     * bindings, by name in this order; nothing native is loaded.
     */
    public static Map<String, String> versions() {
        return Versions.all();
    }

    /**
     * What this machine offers: Java, cores, the BLAS, the CUDA libraries (or why not), whether the CUDA 13 shim is
     * needed, and what {@code --device auto} would pick and why; also as JSON to {@code json} unless that is null.
     * A machine without a GPU is a normal answer.
     */
    public static DoctorReport doctor(Path json) {
        if (json != null) {
            Outputs.file("--json", json);
        }
        DoctorReport r = Doctor.examine();
        if (json != null) {
            AtomicFiles.writeString(json, r.toJson());
        }
        return r;
    }

    /** The format of a PyTorch weights file and each tensor's name, dtype and shape, as text. */
    public static String inspect(Path file) {
        return TorchCheckpoints.inspect(file);
    }

    /** Ranking metrics at {@code k} of predicted item lists against the truth; also as JSON to {@code json}. */
    public static RankingReport rankEval(Path truth, Path predictions, int k, Path json) {
        if (json != null) {
            Outputs.file("--json", json);
        }
        RankingReport report = RankingMetrics.evaluate(RankingFile.read(truth), RankingFile.read(predictions), k);
        if (json != null) {
            AtomicFiles.writeString(json, report.toJson() + System.lineSeparator());
        }
        return report;
    }

    /** Draws throughput against batch size from a benchmark summary into {@code png}. */
    public static void benchChart(Path summary, Path png) {
        Outputs.file("--out", png);
        BenchChart.draw(summary, png);
    }
}
