package io.sandwich.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import io.sandwich.model.RunResult;
import io.sandwich.provenance.FinishedRuns;
import io.sandwich.provenance.RunRecord;
import io.sandwich.provenance.RunSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep: every configuration of a {@link Grid} times seeds 1..K, each a run of one model. Runs are numbered
 * configuration by configuration, seed by seed; each is stored in {@code OUT/runs/} as it ends, with its
 * {@link RunRecord}, and {@code OUT/sweep-part.json} says which sweep and which {@link Shard} a folder holds, so
 * that folders of parts run anywhere can be merged ({@link #read}).
 */
public final class Sweep {
    /** The format of {@code sweep-part.json}. */
    public static final String FORMAT = "sandwich-sweep/2";
    /** The file naming the sweep and the part a folder holds. */
    public static final String PART_FILE = "sweep-part.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * One configuration: the swept values as written and the settings they make, one per seed.
     *
     * @param values option to value, in the grid's order
     * @param seeds the runs' settings for seeds 1..K
     */
    public record Configuration(Map<String, String> values, List<RunSettings> seeds) {
        /** Copies the map and the list. */
        public Configuration {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            seeds = List.copyOf(seeds);
        }
    }

    private final Grid grid;
    private final int seeds;
    private final RunRecord base;
    private final List<Configuration> configurations;

    /**
     * A sweep of {@code configurations} (those of {@code grid}, in its order) over seeds 1..{@code seeds}; each
     * run's record is {@code base} with the run's settings.
     */
    public Sweep(Grid grid, int seeds, RunRecord base, List<Configuration> configurations) {
        if (configurations.stream().anyMatch(c -> c.seeds().size() != seeds)) {
            throw new IllegalArgumentException("expected the settings of " + seeds + " seeds per configuration");
        }
        this.grid = grid;
        this.seeds = seeds;
        this.base = base;
        this.configurations = List.copyOf(configurations);
    }

    /** The grid. */
    public Grid grid() {
        return grid;
    }

    /** Seeds per configuration. */
    public int seeds() {
        return seeds;
    }

    /** The record every run's record is made from (its data, software and backend). */
    public RunRecord base() {
        return base;
    }

    /** The configurations, in the grid's order. */
    public List<Configuration> configurations() {
        return configurations;
    }

    /** How many runs: configurations times seeds. */
    public int runs() {
        return configurations.size() * seeds;
    }

    /** Run {@code run}'s file name and record (runs go configuration by configuration, seed by seed). */
    public FinishedRuns.Key key(int run) {
        Configuration c = configurations.get(run / seeds);
        int seed = run % seeds + 1;
        return new FinishedRuns.Key(String.format(Locale.ROOT, "c%03d-seed%d", run / seeds + 1, seed),
                base.withSettings(c.seeds().get(seed - 1)));
    }

    /** Writes {@code out/sweep-part.json}: this sweep, and that {@code out} holds its part {@code shard}. */
    public void writePart(Path out, Shard shard) {
        AtomicFiles.writeString(out.resolve(PART_FILE), GSON.toJson(manifest(shard)) + "\n");
    }

    private JsonObject manifest(Shard shard) {
        JsonObject j = new JsonObject();
        j.addProperty("format", FORMAT);
        j.addProperty("shard", shard.toString());
        j.addProperty("seeds", seeds);
        JsonObject g = new JsonObject();
        for (Grid.Axis a : grid.axes()) {
            g.add(a.option(), GSON.toJsonTree(a.values()));
        }
        j.add("grid", g);
        JsonArray configs = new JsonArray();
        for (Configuration c : configurations) {
            JsonObject o = new JsonObject();
            o.add("values", GSON.toJsonTree(c.values()));
            JsonArray bySeed = new JsonArray();
            c.seeds().forEach(r -> bySeed.add(r.toJson()));
            o.add("settings", bySeed);
            configs.add(o);
        }
        j.add("configurations", configs);
        j.add("base", base.toJson());
        return j;
    }

    /**
     * The runs of a finished sweep, in order, read from the folders of its parts (one folder for an unsharded
     * sweep). Refuses, with one sentence, folders of different sweeps, a part given twice or missing, and a part
     * that lacks one of its runs.
     */
    public static Results read(List<Path> parts) {
        if (parts.isEmpty()) {
            throw new SandwichException("expected at least one folder to merge");
        }
        JsonObject first = null;
        Path firstDir = null;
        Map<Integer, Path> byIndex = new LinkedHashMap<>();
        int count = 0;
        for (Path dir : parts) {
            JsonObject m = readManifest(dir);
            Shard shard = Shard.parse(m.get("shard").getAsString());
            if (first == null) {
                first = m;
                firstDir = dir;
                count = shard.count();
            } else {
                String why = differences(first, m);
                if (!why.isEmpty() || shard.count() != count) {
                    throw new SandwichException(dir + " holds a part of another sweep than " + firstDir + " ("
                            + (why.isEmpty() ? shard.count() + " parts instead of " + count : why) + ")");
                }
            }
            Path earlier = byIndex.put(shard.index(), dir);
            if (earlier != null) {
                throw new SandwichException(dir + " and " + earlier + " both hold part " + shard);
            }
        }
        for (int i = 1; i <= count; i++) {
            if (!byIndex.containsKey(i)) {
                int n = count;
                throw new SandwichException("part " + i + "/" + count + " of the sweep is missing (given: "
                        + String.join(", ", byIndex.keySet().stream().sorted().map(k -> k + "/" + n).toList()) + ")");
            }
        }
        Sweep sweep = fromManifest(first, firstDir);
        List<RunResult> results = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int run = 0; run < sweep.runs(); run++) {
            Path dir = byIndex.get(run % count + 1);
            FinishedRuns.Key key = sweep.key(run);
            RunResult r = new FinishedRuns(dir, true).find(key);
            if (r == null) {
                throw new SandwichException(dir + " lacks run runs/" + key.fileName() + " of its part "
                        + (run % count + 1) + "/" + count + " (not finished yet? run that part again with "
                        + SandwichException.setting("resume") + ")");
            }
            results.add(r);
            files.add(dir.resolve("runs").resolve(key.fileName()));
        }
        return new Results(sweep, results, files);
    }

    /**
     * A finished sweep's runs.
     *
     * @param sweep the sweep
     * @param runs every run's result, in the sweep's order
     * @param files the files they were read from
     */
    public record Results(Sweep sweep, List<RunResult> runs, List<Path> files) {
    }

    private static JsonObject readManifest(Path dir) {
        Path file = dir.resolve(PART_FILE);
        if (!Files.isRegularFile(file)) {
            throw new SandwichException(dir + ": not the output of a sweep (no " + PART_FILE + ")");
        }
        try {
            JsonObject m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            if (m == null || !m.has("format") || !FORMAT.equals(m.get("format").getAsString())) {
                throw new SandwichException(file + ": expected format " + FORMAT);
            }
            return m;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new SandwichException(file + ": could not read it (" + e.getMessage() + ")", e);
        }
    }

    /** What makes manifest {@code b} describe another sweep than {@code a}; empty when it is the same sweep. */
    private static String differences(JsonObject a, JsonObject b) {
        for (String key : List.of("grid", "seeds", "configurations")) {
            if (!a.get(key).equals(b.get(key))) {
                return key + " " + b.get(key) + " instead of " + a.get(key);
            }
        }
        List<String> d = RunRecord.fromJson(a.get("base"), PART_FILE)
                .differences(RunRecord.fromJson(b.get("base"), PART_FILE));
        return String.join("; ", d);
    }

    private static Sweep fromManifest(JsonObject m, Path dir) {
        try {
            List<Grid.Axis> axes = new ArrayList<>();
            m.getAsJsonObject("grid").entrySet().forEach(e -> axes.add(new Grid.Axis(e.getKey(),
                    e.getValue().getAsJsonArray().asList().stream().map(v -> v.getAsString()).toList())));
            List<Configuration> configs = new ArrayList<>();
            for (var c : m.getAsJsonArray("configurations")) {
                JsonObject o = c.getAsJsonObject();
                Map<String, String> values = new LinkedHashMap<>();
                o.getAsJsonObject("values").entrySet().forEach(e -> values.put(e.getKey(), e.getValue().getAsString()));
                List<RunSettings> bySeed = new ArrayList<>();
                o.getAsJsonArray("settings").forEach(e -> bySeed.add(RunSettings.fromJson(e.getAsJsonObject())));
                configs.add(new Configuration(values, bySeed));
            }
            return new Sweep(new Grid(axes), m.get("seeds").getAsInt(), RunRecord.fromJson(m.get("base"),
                    dir.resolve(PART_FILE).toString()), configs);
        } catch (RuntimeException e) {
            throw new SandwichException(dir.resolve(PART_FILE) + ": not a sweep this version can read ("
                    + e.getMessage() + ")", e);
        }
    }
}
