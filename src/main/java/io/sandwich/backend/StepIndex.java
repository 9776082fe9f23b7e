package io.sandwich.backend;

/**
 * An index an operation reads when it runs: {@code base + stride * counter}, or just {@code base} without a
 * counter. A batch's first row ({@code stride} = batch size, counter = the step) and a step's loss slot are such
 * indices, so that one captured step serves every step of an epoch.
 *
 * @param counter the counter read at run time, or null for a fixed index
 * @param base the index when the counter is 0
 * @param stride what one count adds
 */
public record StepIndex(Counter counter, int base, int stride) {
    /** A fixed index. */
    public static StepIndex fixed(int index) {
        return new StepIndex(null, index, 0);
    }

    /** {@code base + stride * counter}. */
    public static StepIndex of(Counter counter, int base, int stride) {
        if (counter == null) {
            throw new BackendException("a step index needs a counter; use StepIndex.fixed for a fixed one");
        }
        return new StepIndex(counter, base, stride);
    }

    /** The index for a counter value (a backend's own evaluation); an index beyond int range is an error. */
    public int at(long count) {
        long v = base + (counter == null ? 0L : stride * count);
        if (v != (int) v) {
            throw new BackendException("step index " + base + " + " + stride + " * " + count + " is beyond int range");
        }
        return (int) v;
    }
}
