package io.sandwich.provenance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.BackendInfo;
import io.sandwich.backend.LossKind;
import io.sandwich.model.ModelKind;
import io.sandwich.model.ModelOptions;
import io.sandwich.model.Protocol;
import io.sandwich.train.Rates;
import io.sandwich.train.TrainConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of a {@link RunRecord}: snake_case keys, models and losses by their command-line names. */
final class RunRecordJson {
    private RunRecordJson() {
    }

    static JsonObject write(RunRecord r) {
        JsonObject j = new JsonObject();
        j.addProperty("format", r.format());
        j.add("settings", settings(r.settings()));
        j.add("data", digest(r.data()));
        JsonObject init = new JsonObject();
        r.init().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> init.add(e.getKey(), digest(e.getValue())));
        j.add("init", init);
        Software s = r.software();
        JsonObject sw = new JsonObject();
        sw.addProperty("sandwich", s.sandwich());
        sw.addProperty("commit", s.commit());
        sw.addProperty("java", s.java());
        sw.addProperty("os", s.os());
        j.add("software", sw);
        if (r.backend() != null) {
            JsonObject b = new JsonObject();
            b.addProperty("device", r.backend().device());
            b.addProperty("detail", r.backend().detail());
            JsonObject libs = new JsonObject();
            r.backend().libraries().forEach(libs::addProperty);
            b.add("libraries", libs);
            j.add("backend", b);
        }
        return j;
    }

    static JsonObject settings(RunSettings s) {
        JsonObject j = new JsonObject();
        TrainConfig c = s.config();
        ModelOptions o = s.options();
        j.addProperty("model", s.model().cliName());
        j.addProperty("loss", c.loss().cliName());
        j.addProperty("protocol", s.protocol().toString());
        j.addProperty("epochs", c.epochs());
        j.addProperty("seed", c.seed());
        j.addProperty("batch", c.batchSize());
        j.add("adam", adam(c.adam()));
        j.add("adam_encoder", adam(s.rates().encoder()));
        j.add("adam_decoder", adam(s.rates().decoder()));
        j.addProperty("top_k", c.topK());
        if (c.patience() > 0) { // absent without early stopping, as in records written before it existed
            j.addProperty("patience", c.patience());
        }
        j.addProperty("hidden", o.hidden());
        j.addProperty("sandwich_hidden", o.sandwichHidden());
        JsonArray dropout = new JsonArray();
        for (float p : o.dropout()) {
            dropout.add(p);
        }
        j.add("dropout", dropout);
        j.addProperty("decoder_hidden_layers", o.decoderHiddenLayers());
        j.addProperty("bidirectional_decoder_layers", o.bidirectionalDecoderLayers());
        return j;
    }

    static RunRecord read(JsonObject j) {
        String format = j.get("format").getAsString();
        if (!RunRecord.FORMAT.equals(format)) {
            throw new IllegalStateException("format \"" + format + "\"");
        }
        Map<String, FileDigest> init = new LinkedHashMap<>();
        j.getAsJsonObject("init").entrySet().forEach(e -> init.put(e.getKey(), digest(e.getValue())));
        JsonObject sw = j.getAsJsonObject("software");
        Software software = new Software(sw.get("sandwich").getAsString(), sw.get("commit").getAsString(),
                sw.get("java").getAsString(), sw.get("os").getAsString());
        BackendInfo backend = null;
        if (j.has("backend") && !j.get("backend").isJsonNull()) {
            JsonObject b = j.getAsJsonObject("backend");
            Map<String, String> libs = new LinkedHashMap<>();
            b.getAsJsonObject("libraries").entrySet().forEach(e -> libs.put(e.getKey(), e.getValue().getAsString()));
            backend = new BackendInfo(b.get("device").getAsString(), b.get("detail").getAsString(), libs);
        }
        return new RunRecord(format, readSettings(j.getAsJsonObject("settings")), digest(j.get("data")), init, software,
                backend);
    }

    static RunSettings readSettings(JsonObject j) {
        JsonArray d = j.getAsJsonArray("dropout");
        float[] dropout = new float[d.size()];
        for (int i = 0; i < dropout.length; i++) {
            dropout[i] = d.get(i).getAsFloat();
        }
        TrainConfig config = new TrainConfig(j.get("epochs").getAsInt(), j.get("batch").getAsInt(),
                j.get("seed").getAsLong(), LossKind.fromName(j.get("loss").getAsString()), adam(j.get("adam")),
                j.get("top_k").getAsInt(), j.has("patience") ? j.get("patience").getAsInt() : 0);
        ModelOptions options = new ModelOptions(j.get("hidden").getAsInt(), j.get("sandwich_hidden").getAsInt(),
                dropout, j.get("decoder_hidden_layers").getAsInt(), j.get("bidirectional_decoder_layers").getAsInt());
        return new RunSettings(ModelKind.fromName(j.get("model").getAsString()),
                Protocol.fromName(j.get("protocol").getAsString()), config, options,
                new Rates(adam(j.get("adam_encoder")), adam(j.get("adam_decoder"))));
    }

    private static JsonObject adam(AdamConfig a) {
        JsonObject j = new JsonObject();
        j.addProperty("lr", a.lr());
        j.addProperty("beta1", a.beta1());
        j.addProperty("beta2", a.beta2());
        j.addProperty("eps", a.eps());
        j.addProperty("weight_decay", a.weightDecay());
        return j;
    }

    private static AdamConfig adam(JsonElement e) {
        JsonObject j = e.getAsJsonObject();
        return new AdamConfig(j.get("lr").getAsFloat(), j.get("beta1").getAsFloat(), j.get("beta2").getAsFloat(),
                j.get("eps").getAsFloat(), j.get("weight_decay").getAsFloat());
    }

    private static JsonObject digest(FileDigest f) {
        JsonObject j = new JsonObject();
        j.addProperty("path", f.path().toString());
        j.addProperty("sha256", f.sha256());
        return j;
    }

    private static FileDigest digest(JsonElement e) {
        JsonObject j = e.getAsJsonObject();
        return new FileDigest(Path.of(j.get("path").getAsString()), j.get("sha256").getAsString());
    }
}
