package io.sandwich.api;

import io.sandwich.SandwichException;
import java.util.Locale;

/** The two layouts of a {@code torch.save} file. */
public enum WeightFormat {
    /** The zip archive PyTorch writes since 1.6 (what {@code torch.load} reads by default). */
    ZIP,
    /** The stream of pickles and raw storages PyTorch wrote before 1.6 (readable by old PyTorch too). */
    LEGACY;

    /**
     * The format named {@code name}: {@code zip} or {@code legacy}.
     *
     * @throws SandwichException naming both when it is neither
     */
    public static WeightFormat named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SandwichException("expected " + SandwichException.setting("saveFormat")
                    + " zip or legacy, found \"" + name + "\"");
        }
    }

    /** Its name on the command line. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
