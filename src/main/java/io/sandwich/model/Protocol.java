package io.sandwich.model;

import io.sandwich.SandwichException;
import java.util.Locale;

/** Which rows a run trains, selects and tests on. */
public enum Protocol {
    /** Train on training rows, select on validation rows, test once on test rows. */
    CLEAN,
    /**
     * What the seed's scripts did: train on the whole set (test rows included) and validate on the test rows.
     * Its scores leak the test set and are reported only to compare with the report.
     */
    SEED;

    /** Parses {@code clean} or {@code seed}. */
    public static Protocol fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SandwichException("expected a protocol among clean, seed, found \"" + name + "\"");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
