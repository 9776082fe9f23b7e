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
import io.sandwich.nn.ParameterSet.OptimizerSlot;
import io.sandwich.train.EpochStats;
import io.sandwich.train.NetState;
import io.sandwich.train.StageState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one checkpoint holds and how it reads back: {@code model.pt} (the current weights, a PyTorch state_dict in
 * the seed's layout), {@code best.pt} (the weights of the stage's best validation epoch so far),
 * {@code optimizer.pt} (Adam's moments as flat tensors {@code net<i>.slot<s>.exp_avg} / {@code exp_avg_sq}),
 * {@code stage-NAME.pt} for each finished stage, and {@code state.json} (format tag, checkpoint interval, stage,
 * epoch, best accuracy, Adam step counts, dropout generator positions, finished stages, epoch history and the
 * run's settings), written last.
 */
final class CheckpointFormat {
    /** The format tag in {@code state.json}; see {@link Checkpoints#FORMAT}. */
    static final String TAG = "sandwich-checkpoint/2";
    /** The file a checkpoint's state goes to, the last one written. */
    static final String STATE_FILE = "state.json";

    private static final String OLD_TAG = "sandwich-checkpoint/1";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting()
            .create();

    private CheckpointFormat() {
    }

    /**
     * A checkpoint's content: the run's checkpoint interval and settings, the final weights of its finished
     * stages and its epoch history, and the state of the stage it was taken in (null before the first one).
     */
    record Contents(int every, JsonObject settings, Map<String, StateDict> finished, List<EpochStats> history,
            StageState stage) {
    }

    /** Runs between {@code model.pt} and the rest of a checkpoint's files. */
    @FunctionalInterface
    interface AfterModel {
        /** Runs; an exception fails the write. */
        void run() throws IOException;
    }

    /**
     * Writes {@code c} into the folder {@code ckpt}; {@code shapes} gives each weight's PyTorch shape by name.
     * {@code afterModel} runs once {@code model.pt} is written, before the other files.
     */
    static void write(Path ckpt, Contents c, Map<String, int[]> shapes, AfterModel afterModel) throws IOException {
        StageState s = c.stage();
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
        TorchCheckpointWriter.write(model, ckpt.resolve("model.pt"), Format.ZIP);
        afterModel.run();
        TorchCheckpointWriter.write(best, ckpt.resolve("best.pt"), Format.ZIP);
        TorchCheckpointWriter.write(optimizer, ckpt.resolve("optimizer.pt"), Format.ZIP);
        JsonArray stages = new JsonArray();
        for (Map.Entry<String, StateDict> e : c.finished().entrySet()) {
            TorchCheckpointWriter.write(e.getValue(), ckpt.resolve(stageFile(e.getKey())), Format.ZIP);
            stages.add(e.getKey());
        }
        JsonObject state = new JsonObject();
        state.addProperty("format", TAG);
        state.addProperty("every", c.every());
        state.addProperty("stage", s.stage());
        state.addProperty("epoch", s.epoch());
        state.addProperty("best_accuracy", s.bestAccuracy());
        state.addProperty("best_epoch", s.bestEpoch());
        state.add("nets", nets);
        state.add("finished_stages", stages);
        state.add("history", GSON.toJsonTree(c.history()));
        state.add("settings", c.settings());
        AtomicFiles.writeString(ckpt.resolve(STATE_FILE), GSON.toJson(state) + "\n");
    }

    /** The {@code state.json} of checkpoint folder {@code ckpt}, as JSON. */
    static JsonObject readState(Path ckpt) {
        Path file = ckpt.resolve(STATE_FILE);
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
        } catch (IOException | JsonParseException | ClassCastException e) {
            throw new SandwichException(file + ": could not read the checkpoint state: " + e.getMessage(), e);
        }
    }

    /** Refuses a {@code state.json} of another format than {@value #TAG}, saying why an old one cannot go on. */
    static void requireCurrent(Path ckpt, JsonObject state) {
        String format = state.get("format").getAsString();
        if (!TAG.equals(format)) {
            throw new SandwichException(ckpt.resolve(STATE_FILE) + ": expected format " + TAG + ", found \""
                    + format + "\"" + (format.equals(OLD_TAG)
                    ? " (written by an earlier version, which ordered each epoch's rows differently: a resumed"
                            + " run would not be the same run; start it again)" : ""));
        }
    }

    /** Reads checkpoint folder {@code ckpt}, whose {@code state.json} is {@code state}, back. */
    static Contents read(Path ckpt, JsonObject state) {
        int every = state.get("every").getAsInt();
        JsonObject settings = state.getAsJsonObject("settings");
        List<EpochStats> history = new ArrayList<>();
        for (JsonElement e : state.getAsJsonArray("history")) {
            history.add(GSON.fromJson(e, EpochStats.class));
        }
        Map<String, StateDict> finished = new LinkedHashMap<>();
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
        StageState stage = new StageState(state.get("stage").getAsString(), state.get("epoch").getAsInt(),
                state.get("best_accuracy").getAsDouble(), bestEpoch(state), nets);
        return new Contents(every, settings, finished, history, stage);
    }

    /** The epoch of the best accuracy; checkpoints written before early stopping lack it and count from their own. */
    private static int bestEpoch(JsonObject state) {
        return (state.has("best_epoch") ? state.get("best_epoch") : state.get("epoch")).getAsInt();
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

    private static String stageFile(String stage) {
        return "stage-" + stage.replaceAll("[^A-Za-z0-9_.-]", "_") + ".pt";
    }
}
