package io.sandwich.provenance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.BackendInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a run is: its settings, the data it read, the weights it started from, and the software and backend it
 * ran on. Stored as JSON ({@link #toJson}, {@link #fromJson}) in checkpoints, in {@code reproduce}'s finished runs
 * and in {@code result.json}.
 *
 * @param format {@link #FORMAT}: how runs of this version order their rows and name their settings
 * @param settings what decides the numbers
 * @param data the data folder and its content digest
 * @param init the weight files the run started from, by role ({@code init-from}, {@code init-decoder})
 * @param software sandwich, Java and the operating system
 * @param backend the device and libraries that computed (null where none was opened)
 */
public record RunRecord(String format, RunSettings settings, FileDigest data, Map<String, FileDigest> init,
        Software software, BackendInfo backend) {
    /**
     * Format tag of this version's runs: epochs take their row order from {@link io.sandwich.backend.EpochOrder}, and
     * the settings are one value per hyperparameter (format 1 nested Adam's settings).
     */
    public static final String FORMAT = "sandwich-run/2";

    /** Copies the map. */
    public RunRecord {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(data, "data");
        init = Map.copyOf(init);
    }

    /** A record of a run of this version on {@code data}, digesting the initial weight files now. */
    public static RunRecord of(RunSettings settings, FileDigest data, Map<String, Path> initFiles,
            BackendInfo backend) {
        Map<String, FileDigest> init = new LinkedHashMap<>();
        initFiles.forEach((role, file) -> init.put(role, FileDigest.ofFile(file)));
        return new RunRecord(FORMAT, settings, data, init, Software.current(), backend);
    }

    /** The same run as computed by {@code other} (a resumed run may move to another device). */
    public RunRecord withBackend(BackendInfo other) {
        return new RunRecord(format, settings, data, init, software, other);
    }

    /** The same run with other settings (a reproduction's row and seed). */
    public RunRecord withSettings(RunSettings other) {
        return new RunRecord(format, other, data, init, software, backend);
    }

    /**
     * What makes {@code other} a different run from this one, one phrase per difference ("the data in DIR",
     * "epochs 3 instead of 2"): empty when the format, settings, data content and initial weights are the same. Paths,
     * software and backend may differ.
     */
    public List<String> differences(RunRecord other) {
        List<String> d = new ArrayList<>();
        if (!format.equals(other.format)) {
            d.add("format " + other.format + " instead of " + format);
        }
        JsonObject mine = settings.toJson();
        JsonObject theirs = other.settings.toJson();
        for (String key : union(mine.keySet(), theirs.keySet())) {
            if (!Objects.equals(mine.get(key), theirs.get(key))) {
                d.add(key + " " + theirs.get(key) + " instead of " + mine.get(key));
            }
        }
        if (!data.sha256().equals(other.data.sha256())) {
            d.add("the data in " + other.data.path());
        }
        for (String role : union(init.keySet(), other.init.keySet())) {
            FileDigest a = init.get(role);
            FileDigest b = other.init.get(role);
            if (a == null || b == null || !a.sha256().equals(b.sha256())) {
                d.add("the " + role + " file " + (b != null ? b.path() : a.path()));
            }
        }
        return d;
    }

    /**
     * Why a run continued on {@code now} cannot end bit-identical to one that stayed on this record's backend, or
     * empty when it can: another kind of device, another GPU, or other library versions (on the CPU, the thread
     * count does not change a bit, so it is left out of the comparison).
     */
    public Optional<String> arithmeticChange(BackendInfo now) {
        if (backend == null) {
            return Optional.empty();
        }
        boolean cpu = backend.device().equals("cpu");
        if (cpu != now.device().equals("cpu")) {
            return Optional.of("it was checkpointed on " + backend.device() + ", it continues on " + now.device());
        }
        if (!cpu && !backend.detail().equals(now.detail())) {
            return Optional.of("it was checkpointed on " + backend.detail() + ", it continues on " + now.detail());
        }
        Map<String, String> was = versions(backend);
        Map<String, String> is = versions(now);
        for (String lib : union(was.keySet(), is.keySet())) {
            if (!Objects.equals(was.get(lib), is.get(lib))) {
                return Optional.of("it was checkpointed with " + lib + " " + was.get(lib) + ", it continues with "
                        + is.get(lib));
            }
        }
        return Optional.empty();
    }

    /** The libraries' versions without the thread counts the CPU backend writes beside them. */
    private static Map<String, String> versions(BackendInfo b) {
        Map<String, String> m = new LinkedHashMap<>();
        b.libraries().forEach((lib, v) -> m.put(lib, v.replaceAll(" \\(\\d+ threads\\)$", "")));
        return m;
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(k -> !a.contains(k)).forEach(all::add);
        return all;
    }

    /** The record as JSON. */
    public JsonObject toJson() {
        return RunRecordJson.write(this);
    }

    /**
     * Reads a record written by {@link #toJson}.
     *
     * @throws SandwichException naming {@code where} when the JSON is not a record of this version
     */
    public static RunRecord fromJson(JsonElement json, String where) {
        try {
            return RunRecordJson.read(json.getAsJsonObject());
        } catch (RuntimeException e) {
            throw new SandwichException(where + ": expected a run record (" + FORMAT + "), found one this version"
                    + " cannot read (" + e.getMessage() + ")", e);
        }
    }
}
