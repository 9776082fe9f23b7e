package io.sandwich.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import io.sandwich.io.torch.Format;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.io.torch.TorchCheckpointWriter;
import io.sandwich.io.torch.TorchTensor;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import io.sandwich.nn.ParameterSet.OptimizerSlot;
import io.sandwich.train.EpochStats;
import io.sandwich.train.NetState;
import io.sandwich.train.StageCheckpoint;
import io.sandwich.train.StageState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's checkpoint folder. Every {@code every} epochs of a stage, the whole state of the run goes into a new
 * subfolder {@code ckpt-NNNNNN}: {@code model.pt} (the current weights, a PyTorch state_dict in the seed's
 * layout), {@code best.pt} (the weights of the stage's best validation epoch so far), {@code optimizer.pt} (Adam's
 * moments as flat tensors {@code net<i>.slot<s>.exp_avg} / {@code exp_avg_sq}), {@code stage-NAME.pt} for each
 * finished stage, and {@code state.json} (the run's settings, stage, epoch, Adam step counts, dropout generator
 * positions, the epoch history).
 *
 * <p>Atomicity: the subfolder is written under a hidden temporary name, every file is flushed to disk, then it is
 * renamed into place and the folder entry is flushed too; only then are older checkpoints removed (the newest
 * {@value #KEEP} stay). A process killed at any moment leaves the previous checkpoint whole; the newest complete
 * {@code ckpt-*} folder is the one {@link #resume} reads, and half-written temporary folders are deleted.
 *
 * <p>One run at a time: the folder's {@code .lock} file is locked from {@link #start} or {@link #resume} until
 * {@link #close} (or the process's end, however it ends), and a second run on the same folder is refused.
 */
public final class Checkpoints implements AutoCloseable {
    /**
     * Format tag in {@code state.json}. Format 2: epochs take their row order from
     * {@link io.sandwich.backend.EpochOrder}; format 1 runs shuffled on the host and cannot be continued to the same
     * result.
     */
    public static final String FORMAT = "sandwich-checkpoint/2";
    /** How many complete checkpoints are kept. */
    public static final int KEEP = 2;
    /**
     * Test hook, {@code N:MILLIS}: pause that long in the middle of writing checkpoint number N (after its
     * {@code model.pt}), so that a test can kill the process there. Unset: no pause.
     */
    public static final String PAUSE_PROPERTY = "sandwich.test.checkpointPause";

    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{6})");
    private static final String TMP_PREFIX = ".ckpt-";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting()
            .create();

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final int every;
    private final JsonObject settings;
    private final Map<String, StateDict> finished = new LinkedHashMap<>();
    private final List<EpochStats> history = new ArrayList<>();
    private StageState resumeState;
    private int sequence;
    private String lastGood;

    private Checkpoints(Path dir, int every, JsonObject settings) {
        this.dir = dir;
        this.every = every;
        this.settings = settings;
        Path file = dir.resolve(".lock");
        try {
            lockFile = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                lockFile.close();
                throw new SandwichException(dir + " is in use by another training run (" + file + " is locked)");
            }
            lock = l;
        } catch (IOException e) {
            throw new SandwichException(file + ": could not lock the checkpoint folder: " + e.getMessage(), e);
        }
    }

    /** Releases the folder for other runs. */
    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    /**
     * Checkpoints for a new run: every {@code every} epochs into {@code dir} (created if missing), which must not
     * hold checkpoints already. {@code settings} is stored with each checkpoint, for {@link #resume}.
     */
    public static Checkpoints start(Path dir, int every, JsonObject settings) {
        if (every < 1) {
            throw new SandwichException("expected --checkpoint-every N with N >= 1, found " + every);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandwichException(dir + ": could not create the checkpoint folder: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new SandwichException(dir + ": the checkpoint folder is not writable");
        }
        if (!complete(dir).isEmpty()) {
            throw new SandwichException(dir + " already holds the checkpoints of a run: continue it with"
                    + " train --resume " + dir + ", or choose another folder");
        }
        Checkpoints c = new Checkpoints(dir, every, settings.deepCopy());
        try {
            c.removeTemporaries();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Reads the newest complete checkpoint in {@code dir} (or in {@code dir/checkpoints}, a run's output folder),
     * removing half-written ones; the run continues writing checkpoints there as before.
     */
    public static Checkpoints resume(Path dir) {
        Path folder = dir;
        if (Files.isDirectory(dir.resolve("checkpoints")) && complete(dir).isEmpty()) {
            folder = dir.resolve("checkpoints");
        }
        if (!Files.isDirectory(folder)) {
            throw new SandwichException(dir + ": expected a checkpoint folder, found "
                    + (Files.exists(dir) ? "a file" : "nothing"));
        }
        List<Path> all = complete(folder);
        if (all.isEmpty()) {
            throw new SandwichException(folder + ": no checkpoint to resume from (expected ckpt-NNNNNN folders"
                    + " written by train --checkpoint-every)");
        }
        Path newest = all.get(all.size() - 1);
        JsonObject state = readState(newest);
        Checkpoints c = null;
        try {
            String format = state.get("format").getAsString();
            if (!FORMAT.equals(format)) {
                throw new SandwichException(newest.resolve("state.json") + ": expected format " + FORMAT + ", found \""
                        + format + "\"" + (format.equals("sandwich-checkpoint/1")
                        ? " (written by an earlier version, which ordered each epoch's rows differently: a resumed"
                                + " run would not be the same run; start it again)" : ""));
            }
            c = new Checkpoints(folder, state.get("every").getAsInt(), state.getAsJsonObject("settings"));
            c.sequence = sequenceOf(newest);
            c.read(newest, state);
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            if (e instanceof SandwichException s) {
                throw s;
            }
            throw new SandwichException(newest + ": not a checkpoint this version can read (" + e.getMessage() + ")",
                    e);
        }
        c.lastGood = describe(newest, c.resumeState);
        c.removeTemporaries();
        return c;
    }

    /** The folder the checkpoints go to. */
    public Path folder() {
        return dir;
    }

    /** Epochs between checkpoints. */
    public int every() {
        return every;
    }

    /** The run's settings as stored at its start. */
    public JsonObject settings() {
        return settings.deepCopy();
    }

    /** The epochs of every stage so far (on resume: up to the checkpoint), in order. */
    public List<EpochStats> history() {
        return List.copyOf(history);
    }

    /** The final weights of a finished stage, or null when it has not finished. */
    public StateDict finished(String stage) {
        return finished.get(stage);
    }

    /** A stage ended: its final weights are stored with every later checkpoint. */
    public void stageFinished(String stage, StateDict weights) {
        finished.put(stage, weights);
    }

    /** Adds an epoch to the history stored with the next checkpoint. */
    public void record(EpochStats stats) {
        history.add(stats);
    }

    /** The last checkpoint written or resumed from, described for messages; null when none. */
    public String lastGood() {
        return lastGood;
    }

    /** The link for the trainer of stage {@code stage}, whose networks are {@code nets}, in its order. */
    public StageCheckpoint stage(String stage, List<Network> nets) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Network n : nets) {
            for (LayerSpec l : n.layers()) {
                shapes.put(l.name() + ".weight", new int[] {l.out(), l.in()});
                shapes.put(l.name() + ".bias", new int[] {l.out()});
            }
        }
        StageState resume = resumeState != null && resumeState.stage().equals(stage) ? resumeState : null;
        return new StageCheckpoint() {
            @Override
            public StageState resumeFrom() {
                return resume;
            }

            @Override
            public void afterEpoch(int epoch, Supplier<StageState> state) {
                if (epoch % every == 0) {
                    write(state.get(), shapes);
                }
            }

            @Override
            public String lastGood() {
                return Checkpoints.this.lastGood;
            }
        };
    }

    private void write(StageState s, Map<String, int[]> shapes) {
        int next = sequence + 1;
        String name = String.format("ckpt-%06d", next);
        Path tmp = dir.resolve(TMP_PREFIX + String.format("%06d", next) + ".tmp");
        Path target = dir.resolve(name);
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            StateDict model = new StateDict();
            StateDict best = new StateDict();
            StateDict optimizer = new StateDict();
            JsonArray nets = new JsonArray();
            for (int i = 0; i < s.nets().size(); i++) {
                NetState n = s.nets().get(i);
                n.weights().forEach((k, v) -> model.put(k, TorchTensor.of(v, shapes.get(k))));
                n.best().forEach((k, v) -> best.put(k, TorchTensor.of(v, shapes.get(k))));
                JsonObject net = new JsonObject();
                net.addProperty("dropout_seed", Long.toString(n.dropoutSeed()));
                net.addProperty("dropout_counter", Long.toString(n.dropoutCounter()));
                JsonArray slots = new JsonArray();
                for (OptimizerSlot o : n.optimizer()) {
                    JsonObject slot = new JsonObject();
                    slot.addProperty("slot", o.slot());
                    slot.addProperty("step", o.step());
                    slots.add(slot);
                    optimizer.put("net" + i + ".slot" + o.slot() + ".exp_avg", TorchTensor.of(o.m(), o.m().length));
                    optimizer.put("net" + i + ".slot" + o.slot() + ".exp_avg_sq", TorchTensor.of(o.v(), o.v().length));
                }
                net.add("optimizer", slots);
                nets.add(net);
            }
            TorchCheckpointWriter.write(model, tmp.resolve("model.pt"), Format.ZIP);
            pauseForTests(next);
            TorchCheckpointWriter.write(best, tmp.resolve("best.pt"), Format.ZIP);
            TorchCheckpointWriter.write(optimizer, tmp.resolve("optimizer.pt"), Format.ZIP);
            JsonArray stages = new JsonArray();
            for (Map.Entry<String, StateDict> e : finished.entrySet()) {
                TorchCheckpointWriter.write(e.getValue(), tmp.resolve(stageFile(e.getKey())), Format.ZIP);
                stages.add(e.getKey());
            }
            JsonObject state = new JsonObject();
            state.addProperty("format", FORMAT);
            state.addProperty("every", every);
            state.addProperty("stage", s.stage());
            state.addProperty("epoch", s.epoch());
            state.addProperty("best_accuracy", s.bestAccuracy());
            state.add("nets", nets);
            state.add("finished_stages", stages);
            state.add("history", GSON.toJsonTree(history));
            state.add("settings", settings);
            AtomicFiles.writeString(tmp.resolve("state.json"), GSON.toJson(state) + "\n");
            AtomicFiles.syncFolder(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            AtomicFiles.syncFolder(dir);
        } catch (IOException e) {
            throw new SandwichException(target + ": could not write the checkpoint: " + e.getMessage()
                    + (lastGood == null ? "" : "; the last good one is " + lastGood), e);
        }
        sequence = next;
        lastGood = describe(target, s);
        List<Path> all = complete(dir);
        for (int i = 0; i < all.size() - KEEP; i++) {
            deleteQuietly(all.get(i));
        }
    }

    private void read(Path ckpt, JsonObject state) {
        for (JsonElement e : state.getAsJsonArray("history")) {
            history.add(GSON.fromJson(e, EpochStats.class));
        }
        for (JsonElement e : state.getAsJsonArray("finished_stages")) {
            String stage = e.getAsString();
            finished.put(stage, TorchCheckpointReader.read(ckpt.resolve(stageFile(stage))));
        }
        Map<String, float[]> weights = arrays(TorchCheckpointReader.read(ckpt.resolve("model.pt")));
        Map<String, float[]> best = arrays(TorchCheckpointReader.read(ckpt.resolve("best.pt")));
        StateDict optimizer = TorchCheckpointReader.read(ckpt.resolve("optimizer.pt"));
        List<NetState> nets = new ArrayList<>();
        JsonArray netsJson = state.getAsJsonArray("nets");
        for (int i = 0; i < netsJson.size(); i++) {
            JsonObject n = netsJson.get(i).getAsJsonObject();
            List<OptimizerSlot> slots = new ArrayList<>();
            for (JsonElement se : n.getAsJsonArray("optimizer")) {
                JsonObject so = se.getAsJsonObject();
                int slot = so.get("slot").getAsInt();
                String prefix = "net" + i + ".slot" + slot + ".";
                slots.add(new OptimizerSlot(slot, so.get("step").getAsInt(),
                        requireTensor(optimizer, prefix + "exp_avg", ckpt), requireTensor(optimizer, prefix
                                + "exp_avg_sq", ckpt)));
            }
            nets.add(new NetState(weights, best, slots, Long.parseLong(n.get("dropout_seed").getAsString()),
                    Long.parseLong(n.get("dropout_counter").getAsString())));
        }
        resumeState = new StageState(state.get("stage").getAsString(), state.get("epoch").getAsInt(),
                state.get("best_accuracy").getAsDouble(), nets);
    }

    private static float[] requireTensor(StateDict sd, String name, Path ckpt) {
        TorchTensor t = sd.get(name);
        if (t == null) {
            throw new SandwichException(ckpt.resolve("optimizer.pt") + ": expected tensor " + name);
        }
        return t.data();
    }

    private static Map<String, float[]> arrays(StateDict sd) {
        Map<String, float[]> out = new LinkedHashMap<>();
        sd.asMap().forEach((k, v) -> out.put(k, v.data()));
        return out;
    }

    private static JsonObject readState(Path ckpt) {
        Path file = ckpt.resolve("state.json");
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
        } catch (IOException | JsonParseException | ClassCastException e) {
            throw new SandwichException(file + ": could not read the checkpoint state: " + e.getMessage(), e);
        }
    }

    private static String stageFile(String stage) {
        return "stage-" + stage.replaceAll("[^A-Za-z0-9_.-]", "_") + ".pt";
    }

    private static String describe(Path ckpt, StageState s) {
        return ckpt + " (stage " + s.stage() + ", epoch " + s.epoch() + ")";
    }

    /** Complete checkpoint folders in {@code dir}, oldest first. */
    private static List<Path> complete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)
                    && Files.exists(p.resolve("state.json")))
                    .sorted(Comparator.comparingInt(Checkpoints::sequenceOf)).toList();
        } catch (IOException e) {
            throw new SandwichException(dir + ": could not list the checkpoint folder: " + e.getMessage(), e);
        }
    }

    private static int sequenceOf(Path ckpt) {
        Matcher m = NAME.matcher(ckpt.getFileName().toString());
        if (!m.matches()) {
            throw new SandwichException(ckpt + ": not a checkpoint folder name (expected ckpt-NNNNNN)");
        }
        return Integer.parseInt(m.group(1));
    }

    private void removeTemporaries() {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)).toList()) {
                deleteQuietly(p);
            }
        } catch (IOException e) {
            // leftovers are harmless: they are never read and the next write of that name replaces them
        }
    }

    private static void pauseForTests(int sequence) {
        String hook = System.getProperty(PAUSE_PROPERTY, "");
        int colon = hook.indexOf(':');
        if (colon > 0 && hook.substring(0, colon).equals(Integer.toString(sequence))) {
            long millis = Long.parseLong(hook.substring(colon + 1));
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (IOException e) {
            // an old checkpoint that cannot be removed stays; it is never newer than the one just written
        }
    }
}
