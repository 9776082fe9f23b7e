package io.sandwich.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.LossKind;
import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.data.Dataset;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.torch.Format;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.io.torch.TorchCheckpointWriter;
import io.sandwich.model.Experiment;
import io.sandwich.model.ModelKind;
import io.sandwich.model.Protocol;
import io.sandwich.model.RunResult;
import io.sandwich.model.SavedModels;
import io.sandwich.report.Charts;
import io.sandwich.report.EpochLog;
import io.sandwich.train.TrainConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandwich train}: trains one model, scores it on the test rows, writes logs, curves and the result. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains one model and scores it once on the test rows. Writes OUT/epochs.jsonl,"
                + " OUT/result.json and learning curves OUT/curves-*.png.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "M",
            description = "app2l1, no-transfer, baseline, autoencoder or bidirectional (required unless --resume).")
    String model;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N", description = "Epochs per stage (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--loss", defaultValue = "masked", paramLabel = "L",
            description = "mse, masked (the seed code's), masked-elementwise (the report's formula), l1, soft-ce"
                    + " (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--protocol", defaultValue = "clean", paramLabel = "P",
            description = "clean (train/val/test as split) or seed (the seed's leaky protocol) (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--out", defaultValue = "out/train", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

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
                    + Checkpoints.KEEP + " are kept), so that --resume can continue after a crash or a kill.")
    Integer checkpointEvery;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where checkpoints go (default: OUT/checkpoints).")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run whose checkpoints are in DIR (or in DIR/checkpoints) with its own"
                    + " settings; only --device, --threads, --tf32, --spmm, --no-graphs and --quiet may be given with"
                    + " it. On the CPU the result is bit-identical to an uninterrupted run.")
    Path resume;

    /** Options that may accompany --resume: they choose where and how to compute, not what. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--device", "--threads", "--tf32", "--spmm",
            "--no-graphs", "--quiet", "--verbose");

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (resume != null) {
            List<String> extra = spec.commandLine().getParseResult().matchedOptions().stream()
                    .map(opt -> opt.longestName()).filter(n -> !RESUME_OPTIONS.contains(n)).distinct().toList();
            if (!extra.isEmpty()) {
                throw new SandwichException("--resume continues a run with the settings it started with; drop "
                        + String.join(", ", extra) + " (allowed with it: --device, --threads, --tf32, --spmm,"
                        + " --no-graphs, --quiet)");
            }
            try (Checkpoints ck = Checkpoints.resume(resume)) {
                TrainCommand stored = fromSettings(ck.settings());
                stored.common.device = common.device;
                stored.common.threads = common.threads;
                stored.common.tf32 = common.tf32;
                stored.common.spmm = common.spmm;
                stored.common.noGraphs = common.noGraphs;
                stored.common.quiet = common.quiet;
                stored.checkInitFilesUnchanged(ck.settings());
                o.println("resuming from " + ck.lastGood());
                return stored.execute(o, err, ck);
            }
        }
        if (model == null) {
            throw new SandwichException("expected --model M (app2l1, no-transfer, baseline, autoencoder or"
                    + " bidirectional), or --resume DIR");
        }
        if (checkpointDir != null && checkpointEvery == null) {
            throw new SandwichException("--checkpoint-dir needs --checkpoint-every N");
        }
        Outputs.folder("--out", out);
        if (checkpointEvery != null) {
            Outputs.folder("--checkpoint-dir", checkpointFolder());
        }
        if (checkpointEvery == null) {
            return execute(o, err, null);
        }
        try (Checkpoints ck = Checkpoints.start(checkpointFolder(), checkpointEvery, settings())) {
            return execute(o, err, ck);
        }
    }

    private Path checkpointFolder() {
        return (checkpointDir != null ? checkpointDir : out.resolve("checkpoints")).toAbsolutePath();
    }

    /** This run's settings as the command line that repeats it, with absolute paths. */
    private JsonObject settings() {
        List<String> args = new ArrayList<>(List.of("--model", model, "--loss", loss, "--protocol", protocol,
                "--epochs", Integer.toString(epochs), "--seed", Long.toString(seed),
                "--out", out.toAbsolutePath().toString(), "--data", common.dataDir().toAbsolutePath().toString(),
                "--batch", Integer.toString(common.batch), "--lr", Float.toString(common.lr),
                "--weight-decay", Float.toString(common.weightDecay), "--hidden", Integer.toString(common.hidden),
                "--dropout", joined(common.dropout), "--sandwich-hidden", Integer.toString(common.sandwichHidden),
                "--decoder-hidden-layers", Integer.toString(common.decoderHiddenLayers),
                "--top-k", Integer.toString(common.topK), "--save-format", saveFormat,
                "--checkpoint-every", Integer.toString(checkpointEvery),
                "--checkpoint-dir", checkpointFolder().toString()));
        addIf(args, "--lr-e", common.lrE == null ? null : Float.toString(common.lrE));
        addIf(args, "--lr-d", common.lrD == null ? null : Float.toString(common.lrD));
        addIf(args, "--init-from", initFrom == null ? null : initFrom.toAbsolutePath().toString());
        addIf(args, "--init-decoder", initDecoder == null ? null : initDecoder.toAbsolutePath().toString());
        addIf(args, "--save", save == null ? null : save.toAbsolutePath().toString());
        JsonObject j = new JsonObject();
        j.addProperty("command", "train");
        j.add("args", new GsonBuilder().create().toJsonTree(args));
        if (initFrom != null) {
            j.addProperty("init_from_sha256", sha256(initFrom));
        }
        if (initDecoder != null) {
            j.addProperty("init_decoder_sha256", sha256(initDecoder));
        }
        return j;
    }

    /** A resumed run's stages still to come start from the same --init-from files as the original run. */
    private void checkInitFilesUnchanged(JsonObject settings) {
        for (String[] f : new String[][] {{"init_from_sha256", "--init-from"}, {"init_decoder_sha256",
            "--init-decoder"}}) {
            Path file = f[1].equals("--init-from") ? initFrom : initDecoder;
            if (file != null && settings.has(f[0]) && !settings.get(f[0]).getAsString().equals(sha256(file))) {
                throw new SandwichException(f[1] + " " + file + " changed since the run started; a resumed run must"
                        + " start its remaining stages from the same weights");
            }
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new SandwichException(file + ": could not read the file: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void addIf(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    private static String joined(float[] values) {
        StringBuilder b = new StringBuilder();
        for (float v : values) {
            b.append(b.length() == 0 ? "" : ",").append(Float.toString(v));
        }
        return b.toString();
    }

    /** The command a checkpoint's settings describe. */
    private static TrainCommand fromSettings(JsonObject settings) {
        try {
            List<String> args = new ArrayList<>();
            settings.getAsJsonArray("args").forEach(e -> args.add(e.getAsString()));
            TrainCommand t = new TrainCommand();
            new CommandLine(t).parseArgs(args.toArray(String[]::new));
            return t;
        } catch (RuntimeException e) {
            throw new SandwichException("the checkpoint's settings are not a train command this version accepts: "
                    + e.getMessage(), e);
        }
    }

    private Integer execute(PrintWriter o, PrintWriter err, Checkpoints checkpoints) {
        Outputs.folder("--out", out);
        if (save != null) {
            Outputs.file("--save", save);
        }
        ModelKind kind = ModelKind.fromName(model);
        LossKind lossKind = LossKind.fromName(loss);
        Protocol proto = Protocol.fromName(protocol);
        TrainConfig cfg = new TrainConfig(epochs, common.batch, seed, lossKind, common.adam(), common.topK);
        Format format = switch (saveFormat.trim().toLowerCase(Locale.ROOT)) {
            case "zip" -> Format.ZIP;
            case "legacy" -> Format.LEGACY;
            default -> throw new SandwichException("expected --save-format zip or legacy, found \"" + saveFormat
                    + "\"");
        };
        Experiment.Init init = new Experiment.Init(
                initFrom == null ? Map.of() : SavedModels.weights(TorchCheckpointReader.read(initFrom)),
                initDecoder == null ? Map.of() : SavedModels.weights(TorchCheckpointReader.read(initDecoder)));
        Dataset data = common.loadData();
        try (Backend backend = common.openBackend(err)) {
            EpochLog log = new EpochLog(out.resolve("epochs.jsonl"));
            log.setContext(Map.of("model", kind.cliName(), "loss", lossKind.cliName(), "seed", Long.toString(seed)));
            if (checkpoints != null) {
                log.acceptAll(checkpoints.history());
            }
            Experiment exp = new Experiment(backend, ConsoleProgress.forConsole(common.quiet), log);
            o.printf("training %s with %s loss on %s (%s, device %s)%n", kind, lossKind, data.directory(), proto,
                    backend.device());
            o.flush();
            long t0 = System.nanoTime();
            RunResult r = exp.run(kind, data, proto, common.modelOptions(), cfg, common.rates(), init, checkpoints);
            double seconds = (System.nanoTime() - t0) / 1e9;
            r.notes().forEach(n -> o.println("  " + n));
            Charts.learningCurves(r.history(), out, "curves", kind + " / " + lossKind);
            StateDict trained = r.weights();
            TorchCheckpointWriter.write(trained, out.resolve("model.pt"), Format.ZIP);
            if (save != null) {
                TorchCheckpointWriter.write(trained, save, format);
            }
            writeResult(r, seconds);
            o.printf(Locale.ROOT, "test: accuracy %.4f, top-%d %.4f, loss %.5f (%d rows) in %.1f s%n",
                    r.test().accuracy(), common.topK, r.test().topK(), r.test().loss(), r.test().rows(), seconds);
            if (r.testL1() != null) {
                o.printf(Locale.ROOT, "test L1 (encoder): accuracy %.4f, top-%d %.4f, loss %.5f%n",
                        r.testL1().accuracy(), common.topK, r.testL1().topK(), r.testL1().loss());
            }
            o.println("wrote " + out.resolve("result.json") + ", model.pt, epochs.jsonl, curves-loss.png,"
                    + " curves-accuracy.png" + (save == null ? "" : " and " + save));
        }
        return 0;
    }

    private void writeResult(RunResult r, double seconds) {
        JsonObject j = new JsonObject();
        j.addProperty("model", r.model().cliName());
        j.addProperty("loss", r.config().loss().cliName());
        j.addProperty("protocol", r.protocol().toString());
        j.addProperty("seed", r.config().seed());
        j.addProperty("epochs", r.config().epochs());
        j.addProperty("test_accuracy", r.test().accuracy());
        j.addProperty("test_top_k", r.test().topK());
        j.addProperty("top_k", r.config().topK());
        j.addProperty("test_loss", r.test().loss());
        j.addProperty("test_rows", r.test().rows());
        j.addProperty("seconds", seconds);
        if (r.testL1() != null) {
            j.addProperty("test_l1_accuracy", r.testL1().accuracy());
            j.addProperty("test_l1_top_k", r.testL1().topK());
        }
        j.add("notes", new GsonBuilder().create().toJsonTree(r.notes()));
        AtomicFiles.writeString(out.resolve("result.json"), new GsonBuilder().setPrettyPrinting().create().toJson(j)
                + "\n");
    }
}
