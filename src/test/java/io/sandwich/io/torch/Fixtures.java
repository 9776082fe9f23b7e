package io.sandwich.io.torch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The checkpoint fixtures written by scripts/test/make-torch-fixtures.py, and their expected contents. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static JsonObject expected() {
        try (InputStream in = Fixtures.class.getResourceAsStream("expected.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonElement array) {
        return array.getAsJsonArray().asList().stream().mapToInt(JsonElement::getAsInt).toArray();
    }

    static float[] floats(JsonElement array) {
        var list = array.getAsJsonArray().asList();
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) list.get(i).getAsDouble();
        }
        return out;
    }
}
