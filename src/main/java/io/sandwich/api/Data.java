package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.DataFiles;
import io.sandwich.data.Dataset;
import io.sandwich.data.Manifest;
import io.sandwich.data.TrainingRows;
import io.sandwich.provenance.FileDigest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The data a run trains, selects and tests on: a folder in the seed's layout ({@code tr_app.txt}, {@code val_l2.txt},
 * ..., each in any of the formats {@code .txt}, {@code .csv}, {@code .tsv}, {@code .npy}, {@code .svm}), the files a
 * manifest names, the embedded synthetic dataset, or train, validation and test splits held in memory. A run reads
 * only the targets its model learns. A run's record keeps a SHA-256 of the content either way, so a resumed or reused
 * run must see the same numbers.
 */
public final class Data {
    /** Where in-memory data appears in records and messages in place of a folder. */
    static final Path IN_MEMORY = Path.of("in-memory");

    private final Path path;
    private final Declaration declared;
    private final List<Split> splits;

    private Data(Path path, Declaration declared, List<Split> splits) {
        this.path = path;
        this.declared = declared;
        this.splits = splits;
    }

    /** The embedded synthetic dataset ({@code data/embedded} of the installation, or of the working folder). */
    public static Data embedded() {
        return new Data(null, Declaration.NONE, null);
    }

    /** The folder {@code dir}, in the seed's layout; read when a run starts. */
    public static Data folder(Path dir) {
        return folder(dir, Declaration.NONE);
    }

    /**
     * The folder {@code dir} in the seed's layout (or the manifest, where it is a file), with what {@code declared}
     * says of its files.
     */
    public static Data folder(Path dir, Declaration declared) {
        return new Data(java.util.Objects.requireNonNull(dir, "dir"), declared, null);
    }

    /** The files the manifest {@code file} ({@code .json} or {@code .toml}) names; read when a run starts. */
    public static Data manifest(Path file) {
        return manifest(file, Declaration.NONE);
    }

    /**
     * The files the manifest {@code file} ({@code .json} or {@code .toml}) names, with what {@code declared} says of
     * them (the manifest may say the same, and must agree); read when a run starts.
     */
    public static Data manifest(Path file, Declaration declared) {
        return new Data(java.util.Objects.requireNonNull(file, "file"), declared, null);
    }

    /**
     * Splits held in memory. Every split needs App and L1; validation and test need L2, and the widths must agree.
     *
     * @throws SandwichException naming the split and the part that disagrees
     */
    public static Data of(Split train, Split validation, Split test) {
        Data d = new Data(null, Declaration.NONE, List.of(train, validation, test));
        d.dataset(); // checked now, not when a run starts
        return d;
    }

    /** The folder or manifest, for data read from files; empty for the embedded dataset and data in memory. */
    public Optional<Path> folder() {
        return Optional.ofNullable(path);
    }

    /** Whether the data is held in memory. */
    public boolean inMemory() {
        return splits != null;
    }

    /** The data and its digest, loaded. */
    record Loaded(Dataset dataset, FileDigest digest) {
    }

    /**
     * Reads (or assembles) the data, with the {@code targets} asked for, and digests it.
     *
     * @throws SandwichException naming the file, line and column of anything malformed
     */
    Loaded load(Dataset.Targets targets) {
        if (splits != null) {
            return new Loaded(dataset(), new FileDigest(IN_MEMORY, digest()));
        }
        DataFiles files = files();
        List<Path> named = new ArrayList<>(files.all().values().stream().map(DataFiles.File::path).toList());
        if (files.fromManifest()) {
            named.add(files.origin());
        }
        Dataset d = Dataset.load(files, declared.declared(), targets);
        return new Loaded(d, FileDigest.ofFiles(files.origin(), named, declared.declared().toString()));
    }

    /**
     * The training split's App and L1 alone ({@link TrainingRows}), for data read from files.
     *
     * @throws SandwichException naming the file, line and column of anything malformed, or the file missing
     */
    io.sandwich.data.Split trainingAppToL1() {
        return TrainingRows.appToL1(files(), declared.declared());
    }

    /**
     * The files the data is read from.
     *
     * @throws SandwichException when there is no such folder or the manifest is malformed
     */
    DataFiles files() {
        Path p = directory().orElseThrow();
        return Files.isRegularFile(p) ? Manifest.read(p) : DataFiles.folder(p);
    }

    /**
     * The folder the data is read from (the embedded dataset's resolved), or empty for data in memory.
     *
     * @throws SandwichException when the embedded dataset is not where it should be
     */
    Optional<Path> directory() {
        return splits != null ? Optional.empty() : Optional.of(path != null ? path : embeddedFolder());
    }

    private Dataset dataset() {
        return Dataset.of(IN_MEMORY, splits.get(0).internal("train"), splits.get(1).internal("validation"),
                splits.get(2).internal("test"));
    }

    /**
     * The embedded dataset {@code data/embedded} under the folder named by the system property {@code sandwich.home}
     * (set by {@code scripts/sandwich}), else under the working folder.
     */
    private static Path embeddedFolder() {
        String home = System.getProperty("sandwich.home");
        Path embedded = (home != null ? Path.of(home) : Path.of("")).resolve("data").resolve("embedded");
        if (!Files.isDirectory(embedded)) {
            throw new SandwichException("the embedded dataset was not found at " + embedded.toAbsolutePath()
                    + "; pass " + SandwichException.setting("data") + " DIR or run through scripts/sandwich");
        }
        return embedded;
    }

    /** SHA-256 over every split's shapes and CSR arrays, in order. */
    private String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Split s : splits) {
                for (Optional<Matrix> m : List.of(Optional.of(s.app()), Optional.of(s.l1()), s.l2())) {
                    CsrMatrix c = m.map(Matrix::csr).orElse(null);
                    if (c == null) {
                        md.update((byte) 0);
                        continue;
                    }
                    ByteBuffer b = ByteBuffer.allocate(8 + 4 * (c.rowPtr().length + c.colIdx().length
                            + c.values().length));
                    b.putInt(c.rows()).putInt(c.cols());
                    b.asIntBuffer().put(c.rowPtr());
                    b.position(b.position() + 4 * c.rowPtr().length);
                    b.asIntBuffer().put(c.colIdx());
                    b.position(b.position() + 4 * c.colIdx().length);
                    b.asFloatBuffer().put(c.values());
                    md.update(b.array());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return splits != null ? "data in memory" : path != null ? path.toString() : "the embedded dataset";
    }
}
