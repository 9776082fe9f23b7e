package io.sandwich.api;

import static io.sandwich.SandwichException.setting;

import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.checkpoint.Checkpoints;
import io.sandwich.io.FolderLock;
import io.sandwich.model.RunResult;
import io.sandwich.provenance.FinishedRuns;
import io.sandwich.provenance.RunRecord;
import io.sandwich.provenance.RunSettings;
import io.sandwich.sweep.Grid;
import io.sandwich.sweep.Shard;
import io.sandwich.sweep.Sweep;
import io.sandwich.sweep.SweepReport;
import io.sandwich.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a sweep or a part of one, and merges parts: the grid's values are parsed and checked by their
 * {@link Hyperparameter}s, so that every configuration is refused with one sentence before anything trains.
 */
final class SweepRun {
    private SweepRun() {
    }

    /** The hyperparameters a grid may sweep, by name; a list's elements also as NAME1, NAME2, .... */
    static List<String> sweepable() {
        List<String> names = new ArrayList<>();
        for (Hyperparameter<?> h : Hyperparameters.ALL) {
            if (h.sweepable()) {
                names.add(h.name());
                for (int i = 1; i <= h.elements(); i++) {
                    names.add(h.name() + i);
                }
            }
        }
        return names;
    }

    /** A sweep's grid, its configurations and each one's settings per seed, checked. */
    private record Plan(Grid grid, List<Sweep.Configuration> configs, List<List<Settings>> bySeed) {
        int runs(int seeds) {
            return configs.size() * seeds;
        }
    }

    private static Plan plan(SweepOptions o) {
        Grid grid = Grid.parse(o.grid(), new java.util.LinkedHashSet<>(sweepable()));
        for (Hyperparameter<?> h : Hyperparameters.ALL) {
            if (h.elements() > 0 && grid.options().contains(h.name())
                    && grid.options().stream().anyMatch(s -> s.matches(h.name() + "\\d+"))) {
                throw new SandwichException(setting("grid") + ": sweep either " + h.name() + " or " + h.name() + "1.."
                        + h.elements() + ", not both");
            }
        }
        List<List<Settings>> bySeed = new ArrayList<>();
        List<Sweep.Configuration> configs = new ArrayList<>();
        for (Map<String, String> values : grid.configurations()) {
            Settings.Builder b = o.base().settings().toBuilder();
            values.forEach((option, value) -> apply(b, option, value));
            List<Settings> seeds = new ArrayList<>();
            for (long seed = 1; seed <= o.seeds(); seed++) {
                seeds.add(b.set(Hyperparameters.SEED, seed).build());
            }
            bySeed.add(seeds);
            configs.add(new Sweep.Configuration(values, seeds.stream().map(s -> Runs.record(o.base().model(), s))
                    .toList()));
        }
        return new Plan(grid, configs, bySeed);
    }

    static SweepResult run(SweepOptions o, Path out, Listener listener) {
        Plan plan = plan(o);
        try (OutputFolder folder = claim(o, out)) {
            return run(o, plan, folder, out, listener);
        }
    }

    /** What {@link #run} checks before it trains (the grid, {@code out} and the data); the number of runs. */
    static int check(SweepOptions o, Path out) {
        Plan plan = plan(o);
        try (OutputFolder folder = claim(o, out)) {
            load(o);
        }
        return plan.runs(o.seeds());
    }

    /** {@code out} for the sweep, as its resume and overwrite options allow. */
    private static OutputFolder claim(SweepOptions o, Path out) {
        return OutputFolder.claim(out, OutputFolder.Kind.SWEEP, OutputFolder.Existing.of(o.resume(), o.overwrite()));
    }

    private static Data.Loaded load(SweepOptions o) {
        return o.base().data().load(StageRunner.targets(o.base().model(), o.base().settings()));
    }

    /** Sets {@code option} (a hyperparameter's name, or a list's NAME + element) to the text {@code value}. */
    private static void apply(Settings.Builder b, String option, String value) {
        try {
            Hyperparameters.named(option).ifPresentOrElse(h -> b.parse(h, value), () -> {
                Hyperparameter<?> list = Hyperparameters.ALL.stream().filter(h -> h.elements() > 0
                        && option.matches(h.name() + "\\d+")).findFirst().orElseThrow();
                element(b, list, Integer.parseInt(option.substring(list.name().length())) - 1, value);
            });
        } catch (SandwichException e) {
            throw new SandwichException(setting("grid") + " " + option + "=" + value + ": " + e.marked(), e);
        }
    }

    /** Sets element {@code i} of a list hyperparameter, the others as they are. */
    private static <T> void element(Settings.Builder b, Hyperparameter<T> list, int i, String value) {
        String[] parts = list.format(b.build().get(list)).split(",");
        parts[i] = value;
        b.parse(list, String.join(",", parts));
    }

    private static SweepResult run(SweepOptions o, Plan plan, OutputFolder folder, Path out, Listener listener) {
        List<Sweep.Configuration> configs = plan.configs();
        Data.Loaded data = load(o);
        long t0 = System.nanoTime();
        Shard shard = new Shard(o.shardIndex(), o.shardCount());
        try (Backend backend = o.base().compute().open(listener)) {
            Sweep sweep = new Sweep(plan.grid(), o.seeds(), RunRecord.of(configs.get(0).seeds().get(0), data.digest(),
                    Map.of(), backend.info()), configs);
            int mine = (sweep.runs() - shard.index() + shard.count()) / shard.count();
            listener.onEvent(new Event.Said(String.format("sweeping %s on %s: %d configurations x %d seeds = %d"
                    + " runs%s, device %s", o.base().model().name(), data.dataset().source(), configs.size(),
                    o.seeds(), sweep.runs(), shard.count() == 1 ? "" : " (part " + shard + ": " + mine + " of them)",
                    backend.device())));
            folder.start();
            ListenerProgress progress = new ListenerProgress(listener, o.base().cancellation()
                    .orElseGet(Cancellation::new));
            Runs.translated(() -> {
                train(o, sweep, plan.bySeed(), shard, new StageRunner(backend, progress, s -> { }), data, out,
                        listener);
                return null;
            }, "its finished runs stay in " + out.resolve("runs") + (o.base().checkpointEvery().isPresent()
                    ? " and the unfinished one's checkpoints in " + out.resolve("checkpoints") : "")
                    + "; continue with resume");
            if (shard.count() > 1) {
                return new SweepResult(java.util.Optional.empty(), out, mine, (System.nanoTime() - t0) / 1e9);
            }
        }
        SweepReport report = SweepReport.of(Sweep.read(List.of(out)), SweepRun::about);
        report.write(out);
        return result(report, out, (System.nanoTime() - t0) / 1e9);
    }

    /** Trains {@code shard}'s runs into {@code out}, reusing those stored there with the same record when resuming. */
    private static void train(SweepOptions o, Sweep sweep, List<List<Settings>> bySeed, Shard shard,
            StageRunner runner, Data.Loaded data, Path out, Listener listener) {
        sweep.writePart(out, shard);
        FinishedRuns store = new FinishedRuns(out, o.resume());
        List<Integer> mine = new ArrayList<>();
        for (int run = 0; run < sweep.runs(); run++) {
            if (shard.owns(run)) {
                mine.add(run);
            }
        }
        double trainedSeconds = 0;
        int trained = 0;
        int seeds = sweep.seeds();
        for (int i = 0; i < mine.size(); i++) {
            int run = mine.get(i);
            FinishedRuns.Key key = sweep.key(run);
            long t0 = System.nanoTime();
            RunResult r = store.find(key);
            boolean reused = r != null;
            String how;
            if (r == null) {
                Settings s = bySeed.get(run / seeds).get(run % seeds);
                Checkpoints ck = checkpoints(o, out, key, listener);
                try {
                    r = runner.run(o.base().model(), s, data.dataset(), StageRunner.UserWeights.NONE, ck);
                } catch (io.sandwich.train.TrainingDivergedException e) { // a result of the sweep, not its end
                    r = RunResult.diverged(e.getMessage());
                } finally {
                    if (ck != null) {
                        ck.close();
                    }
                }
                store.save(key, r);
                if (ck != null) {
                    OutputFolder.remove(ck.folder());
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                trainedSeconds += seconds;
                trained++;
                how = String.format(Locale.ROOT, "%.1f s", seconds);
            } else {
                how = FinishedRuns.reusedNote(key);
            }
            int left = mine.size() - i - 1;
            double perRun = trained == 0 ? 0 : trainedSeconds / trained;
            String eta = perRun * left < 1 ? "" : String.format(Locale.ROOT, "; about %s left",
                    duration(perRun * left));
            String outcome = r.divergence().map(why -> "diverged: " + why).orElse(String.format(Locale.ROOT,
                    "validation accuracy %.4f after %d epochs", r.bestValidationAccuracy(), r.epochsTrained()));
            Map<String, String> values = sweep.configurations().get(run / seeds).values();
            String line = String.format(Locale.ROOT, "[sweep %s%d/%d] %s seed %d/%d: %s (%s)%s",
                    shard.count() == 1 ? "" : "part " + shard + ", ", i + 1, mine.size(), Grid.describe(values),
                    run % seeds + 1, seeds, outcome, how, eta);
            listener.onEvent(new Event.RunFinished(Grid.describe(values), run % seeds + 1, Evaluation.of(r.test()),
                    r.testL1().map(Evaluation::of), reused, line));
        }
    }

    /**
     * The checkpoints of run {@code key} in {@code out/checkpoints/NAME}, every {@code checkpointEvery} epochs, or
     * null without; with {@code resume}, those a stopped or preempted part left are continued. Checkpoints there
     * without {@code resume}, or of another run, are refused rather than replaced.
     */
    private static Checkpoints checkpoints(SweepOptions o, Path out, FinishedRuns.Key key, Listener listener) {
        if (o.base().checkpointEvery().isEmpty()) {
            return null;
        }
        Path dir = out.resolve("checkpoints").resolve(key.name());
        if (Checkpoints.newestIn(dir).isEmpty()) {
            JsonObject settings = new JsonObject();
            settings.add("run", key.record().toJson());
            return Checkpoints.start(dir, o.base().checkpointEvery().getAsInt(), settings);
        }
        if (!o.resume()) {
            throw new SandwichException(setting("out") + " " + out + " holds the checkpoints of an unfinished run ("
                    + dir + "); continue the sweep with " + setting("resume") + ", replace it with "
                    + setting("overwrite") + ", or choose another " + setting("out"));
        }
        Checkpoints ck = Checkpoints.resume(dir);
        List<String> changed = RunRecord.fromJson(ck.settings().get("run"), dir.toString()).differences(key.record());
        if (!changed.isEmpty()) {
            ck.close();
            throw new SandwichException(dir + ": checkpoints of another run than this sweep's " + key.name() + " ("
                    + String.join(", ", changed) + "); remove them, or choose another " + setting("out"));
        }
        listener.onEvent(new Event.Resumed(Checkpoints.newestIn(dir).orElseThrow()));
        return ck;
    }

    private static String duration(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }

    /** What a configuration trains, from its first seed's settings. */
    private static SweepReport.About about(Sweep.Configuration c) {
        RunSettings r = c.seeds().get(0);
        Settings s = Settings.fromJson(r.values());
        return new SweepReport.About(r.model(), s.get(Hyperparameters.PROTOCOL).toString(),
                TrainConfig.epochsPhrase(s.get(Hyperparameters.EPOCHS), s.get(Hyperparameters.PATIENCE)),
                s.get(Hyperparameters.LOSS).toString(), s.get(Hyperparameters.TOP_K));
    }

    private static SweepResult result(SweepReport report, Path out, double seconds) {
        return new SweepResult(java.util.Optional.of(new SweepResult.Report(report.chosen().values(),
                report.rows().get(report.best()).validation().mean(), report.test().mean(), report.toMarkdown())),
                out, report.sweep().runs(), seconds);
    }

    static SweepResult merge(List<Path> parts, Path out, boolean overwrite, Listener listener) {
        List<FolderLock> locks = new ArrayList<>();
        Set<Path> locked = new HashSet<>();
        try (OutputFolder folder = OutputFolder.claim(out, OutputFolder.Kind.MERGE,
                OutputFolder.Existing.of(false, overwrite))) {
            for (Path part : parts) {
                if (!Files.isDirectory(part)) {
                    throw new SandwichException(part + ": expected the folder of a sweep's part, found "
                            + (Files.exists(part) ? "a file" : "nothing"));
                }
                if (Files.isSameFile(part, out)) {
                    throw new SandwichException(setting("out") + " " + out + " is one of the parts; merge into another"
                            + " folder");
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
        SweepReport report = SweepReport.of(results, SweepRun::about);
        report.write(out);
        listener.onEvent(new Event.Said(String.format("merged %d parts: %d runs", parts.size(),
                results.runs().size())));
        return result(report, out, (System.nanoTime() - t0) / 1e9);
    }
}
