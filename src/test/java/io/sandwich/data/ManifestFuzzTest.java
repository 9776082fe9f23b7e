package io.sandwich.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sandwich.SandwichException;
import io.sandwich.UntrustedInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of {@link Manifest} with Jazzer: each input is parsed as a JSON manifest when it starts
 * with an opening brace and as TOML otherwise. The seeds in {@code ManifestFuzzTestInputs/readManifest} are the
 * manifests of docs/data.md in both forms.
 */
class ManifestFuzzTest {
    /** See {@link UntrustedInput} for what is checked. */
    @FuzzTest(maxDuration = "15s")
    void readManifest(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Path name = Path.of(text.startsWith("{") ? "data.json" : "data.toml");
        UntrustedInput.check(SandwichException.class, input.length, () -> Manifest.parse(name, text));
    }
}
