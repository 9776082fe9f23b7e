package io.sandwich.sweep;

import io.sandwich.SandwichException;

/**
 * The part of a sweep one process runs: of the sweep's runs in their order (configurations, then seeds), part
 * {@code index} of {@code count} takes every {@code count}-th run starting at run {@code index - 1}, so every part
 * gets a fair mix of configurations.
 *
 * @param index 1..count
 * @param count how many parts the sweep is split into
 */
public record Shard(int index, int count) {
    /** The whole sweep. */
    public static final Shard ALL = new Shard(1, 1);

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new SandwichException(SandwichException.setting("shard") + " " + index + "/" + count
                    + ": expected I/N with 1 <= I <= N");
        }
    }

    /** Parses {@code I/N}, e.g. {@code 2/8}. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw new SandwichException(SandwichException.setting("shard") + " " + text + ": expected I/N, e.g. 2/8 for the"
                + " second of 8 parts");
    }

    /** Whether run {@code run} (0-based, in the sweep's order) belongs to this part. */
    public boolean owns(int run) {
        return run % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
