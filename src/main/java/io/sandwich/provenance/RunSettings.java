package io.sandwich.provenance;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * What decides a run's numbers, as its record keeps them: the model's name and each hyperparameter's value by key
 * ({@code lr}, {@code batch}, ...). The Java API writes the values from its definitions; this layer only
 * stores and compares them, key by key.
 *
 * @param model the model's name, e.g. {@code baseline}
 * @param values the hyperparameters' values (copied; a number compares by its decimal value)
 */
public record RunSettings(String model, JsonObject values) {
    /** Copies the values. */
    public RunSettings {
        Objects.requireNonNull(model, "model");
        values = values.deepCopy();
    }

    @Override
    public JsonObject values() {
        return values.deepCopy();
    }

    /** The settings as JSON, as they appear in a run record: the model first, then the values. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("model", model);
        values.entrySet().forEach(e -> j.add(e.getKey(), e.getValue()));
        return j;
    }

    /** Reads settings written by {@link #toJson}. */
    public static RunSettings fromJson(JsonObject json) {
        JsonObject values = json.deepCopy();
        String model = values.remove("model").getAsString();
        return new RunSettings(model, values);
    }
}
