package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.LossKind;
import io.sandwich.data.Dataset;
import io.sandwich.io.FolderLock;
import io.sandwich.provenance.RunRecord;
import io.sandwich.sweep.Grid;
import io.sandwich.sweep.Shard;
import io.sandwich.sweep.Sweep;
import io.sandwich.sweep.SweepReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a sweep or a part of one, and merges parts: the grid's values are applied to the base options here, so that
 * every configuration is checked (and refused with one sentence) before anything trains.
 */
final class SweepRun {
    private SweepRun() {
    }

    static SweepResult run(SweepOptions o, Path out, Listener listener) {
        TrainOptions base = o.base();
        if (base.initFrom() != null || base.initDecoder() != null || base.save() != null
                || base.checkpointEvery() != null) {
            throw new SandwichException("a sweep starts every run from fresh weights and keeps only its results;"
                    + " leave out the start weights, --save and --checkpoint-every");
        }
        Grid grid = Grid.parse(o.grid(), new LinkedHashSet<>(SweepOptions.SWEPT));
        if (grid.options().contains("dropout") && grid.options().stream().anyMatch(s -> s.matches("dropout\\d"))) {
            throw new SandwichException("--grid: sweep either dropout (all three rates) or dropout1..3, not both");
        }
        List<Sweep.Configuration> configs = new ArrayList<>();
        for (Map<String, String> values : grid.configurations()) {
            TrainOptions t = base;
            for (Map.Entry<String, String> e : values.entrySet()) {
                t = apply(t, e.getKey(), e.getValue());
            }
            configs.add(new Sweep.Configuration(values, t.withSeed(1).settings()));
        }
        try (OutputFolder folder = OutputFolder.claim("--out", out, OutputFolder.Kind.SWEEP,
                OutputFolder.Existing.of(o.resume(), o.overwrite()))) {
            return run(o, grid, configs, folder, out, listener);
        }
    }

    private static SweepResult run(SweepOptions o, Grid grid, List<Sweep.Configuration> configs, OutputFolder folder,
            Path out, Listener listener) {
        TrainOptions base = o.base();
        Dataset data = Dataset.load(DataFolders.resolve(base.data()));
        long t0 = System.nanoTime();
        Shard shard = o.shard();
        try (Backend backend = base.compute().open(listener)) {
            Sweep sweep = new Sweep(grid, o.seeds(), RunRecord.of(configs.get(0).settings(), data.directory(),
                    Map.of(), backend.info()), configs);
            int mine = (sweep.runs() - shard.index() + shard.count()) / shard.count();
            listener.say(String.format("sweeping %s on %s: %d configurations x %d seeds = %d runs%s, device %s",
                    base.model().cliName(), data.directory(), configs.size(), o.seeds(), sweep.runs(),
                    shard.count() == 1 ? "" : " (part " + shard + ": " + mine + " of them)", backend.device()));
            folder.start();
            sweep.run(backend, data, shard, out, o.resume(), listener, listener::say);
            if (shard.count() > 1) {
                return new SweepResult(null, out, mine, (System.nanoTime() - t0) / 1e9);
            }
        }
        SweepReport report = SweepReport.of(Sweep.read(List.of(out)));
        report.write(out);
        return new SweepResult(report, out, report.sweep().runs(), (System.nanoTime() - t0) / 1e9);
    }

    static SweepResult merge(List<Path> parts, Path out, boolean overwrite, Listener listener) {
        List<FolderLock> locks = new ArrayList<>();
        Set<Path> locked = new HashSet<>();
        try (OutputFolder folder = OutputFolder.claim("--out", out, OutputFolder.Kind.MERGE,
                OutputFolder.Existing.of(false, overwrite))) {
            for (Path part : parts) {
                if (!Files.isDirectory(part)) {
                    throw new SandwichException(part + ": expected the folder of a sweep's part, found "
                            + (Files.exists(part) ? "a file" : "nothing"));
                }
                if (Files.isSameFile(part, out)) {
                    throw new SandwichException("--out " + out + " is one of the parts; merge into another folder");
                }
                if (locked.add(part.toRealPath())) { // a part given twice is refused by Sweep.read with a sentence
                    locks.add(FolderLock.acquire(part, "sandwich sweep --merge, reading it"));
                }
            }
            return merge(parts, folder, out, listener);
        } catch (IOException e) {
            throw new SandwichException("could not read the parts' folders: " + e.getMessage(), e);
        } finally {
            locks.forEach(FolderLock::close);
        }
    }

    private static SweepResult merge(List<Path> parts, OutputFolder folder, Path out, Listener listener) {
        long t0 = System.nanoTime();
        Sweep.Results results = Sweep.read(parts);
        folder.start();
        Path runs = out.resolve("runs");
        try {
            Files.createDirectories(runs);
            for (Path file : results.files()) {
                Path to = runs.resolve(file.getFileName());
                if (!Files.exists(to) || !Files.isSameFile(file, to)) {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new SandwichException("could not copy the runs into " + runs + ": " + e.getMessage(), e);
        }
        results.sweep().writePart(out, Shard.ALL);
        SweepReport report = SweepReport.of(results);
        report.write(out);
        listener.say(String.format("merged %d parts: %d runs", parts.size(), results.runs().size()));
        return new SweepResult(report, out, results.runs().size(), (System.nanoTime() - t0) / 1e9);
    }

    /** {@code t} with the swept {@code option} set to {@code value}; a value it refuses is named in the sentence. */
    private static TrainOptions apply(TrainOptions t, String option, String value) {
        Hyperparameters h = t.hyper();
        try {
            TrainOptions applied = switch (option) {
                case "lr" -> t.withHyper(h.withLr(number(value)));
                case "lr-e" -> t.withHyper(h.withLrE(number(value)));
                case "lr-d" -> t.withHyper(h.withLrD(number(value)));
                case "weight-decay" -> t.withHyper(h.withWeightDecay(number(value)));
                case "batch" -> t.withHyper(h.withBatch(integer(value)));
                case "hidden" -> t.withHyper(h.withHidden(integer(value)));
                case "sandwich-hidden" -> t.withHyper(h.withSandwichHidden(integer(value)));
                case "decoder-hidden-layers" -> t.withHyper(h.withDecoderHiddenLayers(integer(value)));
                case "dropout" -> t.withHyper(h.withDropout(rates(value)));
                case "dropout1", "dropout2", "dropout3" -> {
                    float[] d = h.dropout();
                    d[option.charAt(7) - '1'] = number(value);
                    yield t.withHyper(h.withDropout(d));
                }
                case "loss" -> t.withLoss(LossKind.fromName(value));
                case "epochs" -> t.withEpochs(integer(value));
                case "patience" -> t.withHyper(h.withPatience(integer(value)));
                default -> throw new IllegalStateException("unhandled swept option " + option);
            };
            applied.settings(); // the records check their ranges here
            return applied;
        } catch (SandwichException | NumberFormatException e) {
            throw new SandwichException("--grid " + option + "=" + value + ": " + (e instanceof NumberFormatException
                    ? "expected a number, found \"" + value + "\"" : e.getMessage()), e);
        }
    }

    private static float number(String v) {
        return Float.parseFloat(v);
    }

    private static int integer(String v) {
        return Integer.parseInt(v);
    }

    private static float[] rates(String v) {
        String[] parts = v.split("/", -1);
        if (parts.length != 3) {
            throw new SandwichException("expected three dropout rates separated by slashes, e.g. 0.05/0.1/0");
        }
        float[] r = new float[3];
        for (int i = 0; i < 3; i++) {
            r[i] = number(parts[i]);
        }
        return r;
    }
}
