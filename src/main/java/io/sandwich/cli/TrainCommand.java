package io.sandwich.cli;

import io.sandwich.api.Evaluation;
import io.sandwich.api.Hyperparameter;
import io.sandwich.api.Hyperparameters;
import io.sandwich.api.Listener;
import io.sandwich.api.Sandwich;
import io.sandwich.api.Settings;
import io.sandwich.api.TrainOptions;
import io.sandwich.api.TrainResult;
import io.sandwich.api.WeightFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sandwich train}: trains one model, scores it on the test rows, writes logs, curves and the result. */
@Command(name = "train", footer = {
            "  scripts/sandwich train --model app2l1 --epochs 20 --out out/app2l1",
            "  scripts/sandwich train --model baseline --data ../shared/data/seed \\",
            "      --patience 10 --checkpoint-every 5",
            "  scripts/sandwich train --resume out/train"},
        description = "Trains one model and scores it once on the test rows. Writes OUT/epochs.jsonl,"
                + " OUT/result.json and learning curves OUT/curves-*.png.")
public final class TrainCommand extends TrainingCommand {
    @Mixin
    SharedOptions.Output output;

    @Mixin
    SharedOptions.ModelName model;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "Start every layer whose name is in this torch.save file from its weights (fc1.0.* for the"
                    + " App -> L1 net, prevmodel.N.0.* / projective* for the baseline's second stage).")
    Path initFrom;

    @Option(names = "--init-decoder", paramLabel = "FILE",
            description = "Autoencoder: start the L1 -> L2 decoder from this torch.save file (e.g. the seed's"
                    + " l12l2.pkl, with --decoder-hidden-layers 2).")
    Path initDecoder;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Also write the trained weights here, in the seed's state_dict layout (default: only"
                    + " OUT/model.pt).")
    Path save;

    @Option(names = "--save-format", defaultValue = "zip", paramLabel = "F",
            description = "zip (torch >= 1.6) or legacy (readable by old PyTorch too) (default: ${DEFAULT-VALUE}).")
    String saveFormat;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Save the whole training state every N epochs of each stage (atomically; the newest "
                    + TrainOptions.CHECKPOINTS_KEPT + " are kept), so that --resume can continue after a crash or a"
                    + " kill.")
    Integer checkpointEvery;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where checkpoints go (default: OUT/checkpoints).")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run whose checkpoints are in DIR (or in DIR/checkpoints) with its own"
                    + " settings; only --device, --threads, --tf32, --bf16, --spmm, --no-graphs and --quiet may be"
                    + " given with it. On the CPU the result is bit-identical to an uninterrupted run in the same"
                    + " precision.")
    Path resume;

    /** Options that may accompany --resume: they choose where and how to compute, not what. */
    private static final List<String> RESUME_OPTIONS = List.of("--device", "--threads", "--tf32", "--bf16", "--spmm",
            "--no-graphs", "--quiet");

    @Override
    public List<Hyperparameter<?>> hyperparameters() {
        return Hyperparameters.ALL;
    }

    @Override
    public Settings defaults() {
        return Settings.defaults();
    }

    @Override
    public Integer call() {
        PrintWriter o = out();
        Listener listener = listener();
        if (resume != null) {
            Console.allowOnly(spec, "--resume", RESUME_OPTIONS, "--resume continues a run with the settings it"
                    + " started with");
            print(o, Sandwich.resume(resume, training.compute(), listener));
            return 0;
        }
        TrainOptions.Builder b = TrainOptions.builder(model.required("--resume DIR")).data(training.data())
                .settings(settings()).compute(training.compute())
                .saveFormat(WeightFormat.named(saveFormat)).overwrite(output.overwrite());
        if (initFrom != null) {
            b.initFrom(initFrom);
        }
        if (initDecoder != null) {
            b.initDecoder(initDecoder);
        }
        if (save != null) {
            b.save(save);
        }
        if (checkpointEvery != null) {
            b.checkpointEvery(checkpointEvery);
        }
        if (checkpointDir != null) {
            b.checkpointDir(checkpointDir);
        }
        return stoppable(stop -> {
            print(o, Sandwich.train(b.cancellation(stop).build(), output.folder(), listener));
            return 0;
        });
    }

    private static void print(PrintWriter o, TrainResult r) {
        int k = r.options().settings().get(Hyperparameters.TOP_K);
        r.notes().forEach(n -> o.println("  " + n));
        Evaluation t = r.test();
        o.printf(Locale.ROOT, "test: accuracy %.4f, top-%d %.4f, loss %.5f (%d rows) in %.1f s%n",
                t.accuracy(), k, t.topK(), t.loss(), t.rows(), r.seconds());
        r.testL1().ifPresent(l1 -> o.printf(Locale.ROOT, "test L1 (encoder): accuracy %.4f, top-%d %.4f, loss %.5f%n",
                l1.accuracy(), k, l1.topK(), l1.loss()));
        o.println("wrote " + r.out().resolve("result.json") + ", model.pt, epochs.jsonl"
                + (java.nio.file.Files.exists(r.out().resolve("curves-loss.png")) ? ", curves-loss.png,"
                + " curves-accuracy.png" : "") + r.options().save().map(f -> " and " + f).orElse(""));
        o.flush();
    }
}
