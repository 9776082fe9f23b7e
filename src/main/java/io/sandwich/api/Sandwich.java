package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.data.Dataset;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * sandwich's Java entry point: every command of the command line as a method taking typed options and returning a
 * typed result, and {@link Model} for a trained model kept open. Output folders and files are checked before any
 * work starts, a folder that holds a finished result is refused unless the options say to continue or replace it,
 * and every file is written atomically. A run's {@link Listener} hears what it does; nothing is printed. Every
 * error is a {@link SandwichException} with a sentence that names the setting it is about.
 *
 * <pre>{@code
 * TrainResult r = Sandwich.train(TrainOptions.builder(Models.APP2L1).build(), Path.of("out/app2l1"),
 *         Listener.SILENT);
 * try (Model m = r.model()) {
 *     int[][] top5 = m.topK(new float[][] {...}, 5);
 * }
 * }</pre>
 */
public final class Sandwich {
    private Sandwich() {
    }

    /**
     * Trains one model and scores it once on the test rows; writes {@code out/model.pt}, {@code out/result.json}
     * (with the run's record), {@code out/epochs.jsonl} and learning curves, and checkpoints when asked.
     *
     * @throws SandwichException when an input cannot be read, an output cannot be written, {@code out} holds a
     *     finished run (unless {@link TrainOptions#overwrite()}) or is in use, or the device does not open
     * @throws TrainingDivergedException when the loss or the weights became NaN or infinite
     * @throws RunCancelledException when the options' {@link Cancellation} stopped the run
     */
    public static TrainResult train(TrainOptions options, Path out, Listener listener) {
        return TrainRun.start(options, out, listener, Checkpoints.WriteHook.NONE);
    }

    /**
     * Continues a checkpointed run ({@code dir}: its checkpoint folder, or its output folder) of a built-in model
     * on the data folder it started on, computing on {@code compute}; on the CPU the result is bit-identical to an
     * uninterrupted run.
     *
     * @throws SandwichException when there is no checkpoint to continue, the run has finished, its data or initial
     *     weights changed, or its data was held in memory (pass it: {@link #resume(Path, Recipe, Data, Compute,
     *     Listener)})
     * @throws TrainingDivergedException when the loss or the weights became NaN or infinite
     */
    public static TrainResult resume(Path dir, Compute compute, Listener listener) {
        return TrainRun.resume(dir, Optional.empty(), Optional.empty(), compute, listener, Checkpoints.WriteHook.NONE);
    }

    /**
     * As {@link #resume(Path, Compute, Listener)} for a run of {@code model} on {@code data}, which must be those
     * the run started with (the same name, the same content).
     *
     * @throws SandwichException as {@link #resume(Path, Compute, Listener)} does, and when the model or the data
     *     differ from the run's
     * @throws TrainingDivergedException when the loss or the weights became NaN or infinite
     */
    public static TrainResult resume(Path dir, Recipe model, Data data, Compute compute, Listener listener) {
        return TrainRun.resume(dir, Optional.of(model), Optional.of(data), compute, listener,
                Checkpoints.WriteHook.NONE);
    }

    /**
     * Scores a weights file on every split of a dataset that has targets of its output width.
     *
     * @throws SandwichException when the file or the data cannot be read or do not fit each other
     */
    public static EvaluateResult evaluate(EvaluateOptions options, Listener listener) {
        return SavedModelRuns.evaluate(options, listener);
    }

    /**
     * Runs a weights file over a vector file and writes one output row per input row.
     *
     * @throws SandwichException when an input cannot be read, the rows do not fit the model, or an output cannot be
     *     written
     */
    public static PredictResult predict(PredictOptions options, Listener listener) {
        return SavedModelRuns.predict(options, listener);
    }

    /**
     * Trains every row of Table 1 and writes {@code out/table1.md}, {@code .json}, {@code .png} and curves.
     *
     * @throws SandwichException when the data cannot be read, {@code out} holds a reproduction (unless resumed or
     *     overwritten) or is in use, or a stored run has other settings
     * @throws TrainingDivergedException when a run's loss or weights became NaN or infinite
     */
    public static ReproduceResult reproduce(ReproduceOptions options, Path out, Listener listener) {
        return Runs.translated(() -> ReproduceRun.run(options, out, listener), "its finished runs stay in "
                + out.resolve("runs"));
    }

    /**
     * Runs a sweep, or the part of it the options name, into {@code out}: each configuration of the grid times each
     * seed, stored in {@code out/runs/} as it ends. A whole sweep also writes {@code sweep.md}, {@code sweep.json},
     * {@code sweep.csv} and its charts; a part leaves them to {@link #mergeSweeps}. A run that diverges is a result
     * of the sweep, not its end.
     *
     * @throws SandwichException when the grid is malformed or a value out of range (before anything trains), the
     *     data cannot be read, or {@code out} holds a sweep (unless resumed or overwritten) or is in use
     */
    public static SweepResult sweep(SweepOptions options, Path out, Listener listener) {
        return SweepRun.run(options, out, listener);
    }

    /**
     * Checks a sweep as {@link #sweep} does before it trains, and trains nothing: the grid, the data, and that
     * {@code out} may take the sweep (or the part). A scheduler's submit script calls this first, so that a bad grid
     * is refused before any job is queued.
     *
     * @return the number of runs of the whole sweep
     * @throws SandwichException as {@link #sweep} would for these options
     */
    public static int checkSweep(SweepOptions options, Path out) {
        return SweepRun.check(options, out);
    }

    /**
     * Merges the folders of a sharded sweep's parts into {@code out} (their runs, and the files a whole sweep
     * writes, byte for byte as if it had run unsharded).
     *
     * @throws SandwichException for parts of different sweeps, a missing or unfinished part, an {@code out} that is
     *     one of the parts, or one that holds a finished sweep unless {@code overwrite}
     */
    public static SweepResult mergeSweeps(List<Path> parts, Path out, boolean overwrite, Listener listener) {
        return SweepRun.merge(parts, out, overwrite, listener);
    }

    /**
     * Measures training throughput; also writes it as JSON to {@code json}, when given.
     *
     * @throws SandwichException when the data cannot be read, the file cannot be written or the device does not open
     */
    public static BenchResult bench(BenchOptions options, Optional<Path> json, Listener listener) {
        json.ifPresent(f -> Outputs.file("json", f));
        BenchResult r = BenchRun.run(options, listener);
        json.ifPresent(r::writeJson);
        return r;
    }

    /**
     * Writes a synthetic dataset in the seed's layout into {@code out}, streaming one user at a time; each file
     * appears only once all its rows are written.
     *
     * @throws SandwichException for a user count out of range, an {@code out} that cannot be written, or one that
     *     holds a dataset unless {@code options.overwrite()}
     */
    public static GenerateResult generate(GenerateOptions options, Path out) {
        try (OutputFolder folder = OutputFolder.claim(out, OutputFolder.Kind.GENERATE,
                OutputFolder.Existing.of(false, options.overwrite()))) {
            DatasetGenerator.Summary s = DatasetGenerator.generate(out, options.users(), options.seed(),
                    options.format().format(), options.classIds());
            return new GenerateResult(s.directory(), s.trainRows(), s.validationRows(), s.testRows(), s.bytes());
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
     * needed, and what {@code auto} would pick and why; also as JSON to {@code json}, when given. A machine without a
     * GPU is a normal answer.
     *
     * @throws SandwichException when the file cannot be written
     */
    public static DoctorReport doctor(Optional<Path> json) {
        json.ifPresent(f -> Outputs.file("json", f));
        DoctorReport r = Doctor.examine();
        json.ifPresent(f -> AtomicFiles.writeString(f, r.toJson()));
        return r;
    }

    /**
     * The format of a PyTorch weights file and each tensor's name, dtype and shape, as text.
     *
     * @throws SandwichException when the file cannot be read as a {@code torch.save} file
     */
    public static String inspect(Path file) {
        return TorchCheckpoints.inspect(file);
    }

    /**
     * A dataset's splits, widths, densities and notes (class ids, all-zero targets), and how fast each of its files
     * was read, as text.
     *
     * @throws SandwichException naming the file, line and column of anything malformed
     */
    public static String inspect(Data data) {
        Dataset d = data.load(Dataset.Targets.PRESENT).dataset();
        StringBuilder b = new StringBuilder(d.describe());
        long bytes = 0;
        double seconds = 0;
        for (Dataset.FileRead r : d.reads()) {
            b.append("  read ").append(r.file().getFileName()).append(" (").append(r.format().label()).append("): ")
                    .append(readSpeed(r.bytes(), r.seconds())).append('\n');
            bytes += r.bytes();
            seconds += r.seconds();
        }
        b.append("  read ").append(d.reads().size()).append(" files: ").append(readSpeed(bytes, seconds)).append('\n');
        return b.toString();
    }

    /** "602.3 MB in 3.270 s, 184 MB/s"; a file under a megabyte in kilobytes, without a rate that would be noise. */
    private static String readSpeed(long bytes, double seconds) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB in %.3f s", bytes / 1e3, seconds)
                : String.format(Locale.ROOT, "%.1f MB in %.3f s, %.0f MB/s", bytes / 1e6, seconds,
                        bytes / 1e6 / Math.max(seconds, 1e-9));
    }

    /**
     * Ranking metrics at {@code k} of predicted item lists against the truth (both {@code user:item,...} files); also
     * as JSON to {@code json}, when given.
     *
     * @throws SandwichException when a file cannot be read or written, or {@code k < 1}
     */
    public static RankingScores rankEval(Path truth, Path predictions, int k, Optional<Path> json) {
        return rankEval(Truth.file(truth), predictions, k, json);
    }

    /**
     * Ranking metrics at {@code k} of predicted item lists ({@code user:item,...} lines, as {@link #predict} writes
     * with a top-k) against {@code truth}; also as JSON to {@code json}, when given.
     *
     * @throws SandwichException when a file cannot be read or written, or {@code k < 1}
     */
    public static RankingScores rankEval(Truth truth, Path predictions, int k, Optional<Path> json) {
        if (k < 1) {
            throw new SandwichException("expected " + SandwichException.setting("k") + " >= 1, found " + k);
        }
        json.ifPresent(f -> Outputs.file("json", f));
        RankingReport r = RankingMetrics.evaluate(truth.read(), RankingFile.read(predictions), k);
        json.ifPresent(f -> AtomicFiles.writeString(f, r.toJson() + System.lineSeparator()));
        return new RankingScores(r.k(), r.users(), r.missingPredUsers(), r.predOnlyUsers(), r.precision(),
                r.recall(), r.map(), r.ndcg(), r.hitRate(), r.seedScore(), r.toMarkdown());
    }

    /**
     * Draws throughput against batch size from a benchmark summary into {@code png}.
     *
     * @throws SandwichException when the summary cannot be read or the picture written
     */
    public static void benchChart(Path summary, Path png) {
        Outputs.file("out", png);
        BenchChart.draw(summary, png);
    }
}
