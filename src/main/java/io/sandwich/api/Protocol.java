package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.Locale;

/** Which rows a run trains, selects and tests on. */
public enum Protocol {
    /** Train on the training rows, select on the validation rows, test once on the test rows. */
    CLEAN,
    /**
     * What the seed's scripts did: train on every row, test rows included, and select on the test rows. Its scores
     * leak the test set; they are for comparing with the report only.
     */
    SEED;

    /**
     * The protocol named {@code name}: {@code clean} or {@code seed}.
     *
     * @throws SandwichException naming both when it is neither
     */
    public static Protocol named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SandwichException("expected a protocol among clean, seed, found \"" + name + "\"");
        }
    }

    /** Its name on the command line and in reports. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
