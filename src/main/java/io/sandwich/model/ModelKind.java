package io.sandwich.model;

import io.sandwich.SandwichException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The models sandwich trains, by their command-line names. */
public enum ModelKind {
    /** The seed's Net: App -> L1, 52-1024-1024-23. */
    APP2L1("app2l1"),
    /** The same net straight from App to L2 (the report's "without transfer learning"). */
    NO_TRANSFER("no-transfer"),
    /** Train App -> L1, add 23-100-ReLU-164 on top and fine-tune App -> L2 (the seed's Addlayers). */
    BASELINE("baseline"),
    /** Encoder App -> L1 and decoder L1 -> L2 trained apart, joined by sandwich layers, fine-tuned App -> L2. */
    AUTOENCODER("autoencoder"),
    /** Encoder App -> L1 and decoder App -> L2 trained together by the report's Algorithm 1. */
    BIDIRECTIONAL("bidirectional");

    private final String cliName;

    ModelKind(String cliName) {
        this.cliName = cliName;
    }

    /** Name on the command line and in reports. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line name. */
    public static ModelKind fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ModelKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new SandwichException("expected a model among " + Arrays.stream(values()).map(ModelKind::cliName)
                .collect(Collectors.joining(", ")) + ", found \"" + name + "\"");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
