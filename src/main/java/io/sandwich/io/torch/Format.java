package io.sandwich.io.torch;

/** The two on-disk layouts of {@code torch.save}. */
public enum Format {
    /** The stream of pickles followed by raw storages, written before PyTorch 1.6. */
    LEGACY,
    /** The zip archive ({@code data.pkl} plus one entry per storage) written since PyTorch 1.6. */
    ZIP
}
