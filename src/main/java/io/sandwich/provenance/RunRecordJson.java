package io.sandwich.provenance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sandwich.backend.BackendInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of a {@link RunRecord}: snake_case keys; the settings as {@link RunSettings#toJson} writes them. */
final class RunRecordJson {
    private RunRecordJson() {
    }

    static JsonObject write(RunRecord r) {
        JsonObject j = new JsonObject();
        j.addProperty("format", r.format());
        j.add("settings", r.settings().toJson());
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
        return new RunRecord(format, RunSettings.fromJson(j.getAsJsonObject("settings")), digest(j.get("data")), init,
                software,
                backend);
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
