package io.sandwich.data;

import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a synthetic dataset of any size into a folder in the seed's layout, one user at a time, so memory does
 * not grow with the number of users: {@link SyntheticData}'s users (same profiles, densities and nesting) for a
 * given seed, split in the seed's proportions (6000 : 1000 : 857 of 7857, i.e. 76.4 / 12.7 / 10.9 %).
 *
 * <p>Writes {@code tr_}, {@code val_}, {@code test_} files for App, L1 and L2 ({@code tr_l2} included) and
 * {@code user.txt}, in {@link VectorFileWriter#writeCompact}'s format or another {@link VectorFormat}. All ten files
 * are written to hidden temporary files and renamed into place only once every row is written, so an error while
 * writing (a full disk) leaves the folder as it was, with no temporary file. 7857 users with
 * {@link SyntheticData#SEED} give the embedded dataset.
 */
public final class DatasetGenerator {
    /** Fewest users accepted: every split then has at least ten rows. */
    public static final int MIN_USERS = 100;
    /** Most users accepted: the L2 files' stored values must fit the int indices of {@link CsrMatrix}. */
    public static final int MAX_USERS = 100_000_000;

    private static final String[] SPLITS = {"tr", "val", "test"};
    private static final String[] KINDS = {"app", "l1", "l2"};

    private DatasetGenerator() {
    }

    /**
     * What was written.
     *
     * @param directory the folder
     * @param trainRows rows of the {@code tr_} files
     * @param validationRows rows of the {@code val_} files
     * @param testRows rows of the {@code test_} files
     * @param bytes total size of the ten files
     */
    public record Summary(Path directory, int trainRows, int validationRows, int testRows, long bytes) {
    }

    /** Rows of the train, validation and test splits for {@code users} users, in the seed's proportions. */
    public static int[] splitRows(int users) {
        int total = SyntheticData.TRAIN_ROWS + SyntheticData.VALIDATION_ROWS + SyntheticData.TEST_ROWS;
        int train = (int) ((long) users * SyntheticData.TRAIN_ROWS / total);
        int validation = (int) ((long) users * SyntheticData.VALIDATION_ROWS / total);
        return new int[] {train, validation, users - train - validation};
    }

    /** Writes {@code users} users drawn with {@code seed} into {@code dir}, created when missing. */
    public static Summary generate(Path dir, int users, long seed) {
        return generate(dir, users, seed, VectorFormat.TXT, false);
    }

    /**
     * As {@link #generate(Path, int, long)}, the vector files in {@code format} (sparse rows 1-based, {@code .npy} as
     * float32) and, when {@code classIds}, the L1 and L2 targets as each row's class id (its largest value's column)
     * in a column of whole numbers (an int64 {@code .npy}). The rows and ids are the same in every format.
     */
    public static Summary generate(Path dir, int users, long seed, VectorFormat format, boolean classIds) {
        if (classIds && format == VectorFormat.LIBSVM) {
            throw new SandwichException("expected class ids in .txt, .csv, .tsv or .npy files; sparse rows hold"
                    + " one-hot targets instead, so generate them without class ids");
        }
        if (users < MIN_USERS || users > MAX_USERS) {
            throw new SandwichException("expected between " + MIN_USERS + " and " + MAX_USERS + " users, found "
                    + users);
        }
        prepare(dir);
        int[] rows = splitRows(users);
        SyntheticData g = new SyntheticData(seed);
        List<AtomicFiles.Pending> files = new ArrayList<>();
        try {
            AtomicFiles.Pending ids = open(files, dir.resolve("user.txt"));
            byte[] id = new byte[33];
            id[32] = '\n';
            float[][] row = {new float[SyntheticData.APP_DIM], new float[SyntheticData.L1_DIM],
                new float[SyntheticData.L2_DIM]};
            byte[] line = new byte[64 * SyntheticData.L2_DIM]; // a float's plain decimal has at most 48 chars
            for (int s = 0; s < SPLITS.length; s++) {
                AtomicFiles.Pending[] split = new AtomicFiles.Pending[KINDS.length];
                for (int k = 0; k < KINDS.length; k++) {
                    split[k] = open(files, dir.resolve(SPLITS[s] + "_" + KINDS[k] + "." + format.extensions()
                            .get(0)));
                    if (format == VectorFormat.NPY) {
                        boolean asIds = classIds && k > 0;
                        write(split[k], NpyHeader.of(asIds ? "<i8" : "<f4", rows[s], asIds ? 0 : row[k].length));
                    }
                }
                for (int r = 0; r < rows[s]; r++) {
                    g.userId(id);
                    g.user(row[0], row[1], row[2]);
                    write(ids, id, id.length);
                    for (int k = 0; k < KINDS.length; k++) {
                        write(split[k], line, classIds && k > 0 ? classId(row[k], format, line)
                                : format(row[k], format, line));
                    }
                }
            }
            for (AtomicFiles.Pending f : files) {
                f.commit();
            }
            removeOtherFormats(dir, format);
        } finally {
            for (AtomicFiles.Pending f : files) {
                f.close();
            }
        }
        return new Summary(dir, rows[0], rows[1], rows[2], sizes(files, dir));
    }

    /** Removes the dataset files of formats other than {@code kept}, so that each role has one file. */
    private static void removeOtherFormats(Path dir, VectorFormat kept) {
        for (String s : SPLITS) {
            for (String k : KINDS) {
                for (VectorFormat f : VectorFormat.values()) {
                    for (String ext : f.extensions()) {
                        if (f != kept || !ext.equals(kept.extensions().get(0))) {
                            try {
                                Files.deleteIfExists(dir.resolve(s + "_" + k + "." + ext));
                            } catch (IOException e) {
                                throw new SandwichException("could not remove " + dir.resolve(s + "_" + k + "."
                                        + ext) + ", the earlier dataset's, beside the new one: " + e, e);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SandwichException("expected a folder to write the dataset into, found a file at " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SandwichException("expected a writable folder, found an error creating " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new SandwichException("expected a writable folder, found " + dir + " read-only");
        }
    }

    private static AtomicFiles.Pending open(List<AtomicFiles.Pending> files, Path file) {
        AtomicFiles.Pending p = AtomicFiles.begin(file, false);
        files.add(p);
        return p;
    }

    private static void write(AtomicFiles.Pending file, byte[] bytes) {
        write(file, bytes, bytes.length);
    }

    private static void write(AtomicFiles.Pending file, byte[] bytes, int length) {
        try {
            file.out().write(bytes, 0, length);
        } catch (IOException e) {
            throw file.failure(e);
        }
    }

    /**
     * One row as {@code format} writes it into {@code line}, returning its length: decimals in the compact form (zero
     * as "0") separated by a space, comma or tab, or {@code index:value} pairs, or little-endian float32s.
     */
    private static int format(float[] row, VectorFormat format, byte[] line) {
        if (format == VectorFormat.NPY) {
            ByteBuffer b = ByteBuffer.wrap(line).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : row) {
                b.putFloat(v);
            }
            return b.position();
        }
        char separator = format == VectorFormat.CSV ? ',' : format == VectorFormat.TSV ? '\t' : ' ';
        boolean sparse = format == VectorFormat.LIBSVM;
        int n = 0;
        for (int c = 0; c < row.length; c++) {
            if (sparse && row[c] == 0f) {
                continue;
            }
            if (n > 0) {
                line[n++] = (byte) separator;
            }
            if (sparse) {
                n = ascii(Integer.toString(c + 1) + ":", line, n);
            }
            n = row[c] == 0f ? ascii("0", line, n) : ascii(VectorFileWriter.plain(row[c]), line, n);
        }
        line[n++] = '\n';
        return n;
    }

    /** The row's class id, the column of its largest value, as {@code format} writes it; returns its length. */
    private static int classId(float[] row, VectorFormat format, byte[] line) {
        int id = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[id]) {
                id = c;
            }
        }
        if (format == VectorFormat.NPY) {
            ByteBuffer.wrap(line).order(ByteOrder.LITTLE_ENDIAN).putLong(id);
            return 8;
        }
        int n = ascii(Integer.toString(id), line, 0);
        line[n++] = '\n';
        return n;
    }

    private static int ascii(String text, byte[] line, int at) {
        for (int i = 0; i < text.length(); i++) {
            line[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }

    private static long sizes(List<AtomicFiles.Pending> files, Path dir) {
        long total = 0;
        try {
            for (AtomicFiles.Pending f : files) {
                total += Files.size(f.target());
            }
        } catch (IOException e) {
            throw new SandwichException("could not read the sizes of the files written to " + dir + ": " + e, e);
        }
        return total;
    }
}
