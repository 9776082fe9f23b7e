package io.sandwich.data;

import io.sandwich.SandwichException;
import io.sandwich.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a synthetic dataset of any size into a folder in the seed's layout, one user at a time, so memory does
 * not grow with the number of users: {@link SyntheticData}'s users (same profiles, densities and nesting) for a
 * given seed, split in the seed's proportions (6000 : 1000 : 857 of 7857, i.e. 76.4 / 12.7 / 10.9 %).
 *
 * <p>Writes {@code tr_}, {@code val_}, {@code test_} files for App, L1 and L2 ({@code tr_l2.txt} included) and
 * {@code user.txt}, in {@link VectorFileWriter#writeCompact}'s format. All ten files are written to hidden
 * temporary files and renamed into place only once every row is written, so an error while writing (a full disk)
 * leaves the folder as it was, with no temporary file. 7857 users with {@link SyntheticData#SEED} give the
 * embedded dataset.
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
                    split[k] = open(files, dir.resolve(SPLITS[s] + "_" + KINDS[k] + ".txt"));
                }
                for (int r = 0; r < rows[s]; r++) {
                    g.userId(id);
                    g.user(row[0], row[1], row[2]);
                    write(ids, id, id.length);
                    for (int k = 0; k < KINDS.length; k++) {
                        write(split[k], line, format(row[k], line));
                    }
                }
            }
            for (AtomicFiles.Pending f : files) {
                f.commit();
            }
        } finally {
            for (AtomicFiles.Pending f : files) {
                f.close();
            }
        }
        return new Summary(dir, rows[0], rows[1], rows[2], sizes(dir));
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

    private static void write(AtomicFiles.Pending file, byte[] bytes, int length) {
        try {
            file.out().write(bytes, 0, length);
        } catch (IOException e) {
            throw file.failure(e);
        }
    }

    /** One row in the compact format (zero as "0", one space between values, a newline); returns its length. */
    private static int format(float[] row, byte[] line) {
        int n = 0;
        for (int c = 0; c < row.length; c++) {
            if (c > 0) {
                line[n++] = ' ';
            }
            if (row[c] == 0f) {
                line[n++] = '0';
            } else {
                String v = VectorFileWriter.plain(row[c]);
                for (int i = 0; i < v.length(); i++) {
                    line[n++] = (byte) v.charAt(i);
                }
            }
        }
        line[n++] = '\n';
        return n;
    }

    private static long sizes(Path dir) {
        long total = 0;
        try {
            total += Files.size(dir.resolve("user.txt"));
            for (String s : SPLITS) {
                for (String k : KINDS) {
                    total += Files.size(dir.resolve(s + "_" + k + ".txt"));
                }
            }
        } catch (IOException e) {
            throw new SandwichException("could not read the sizes of the files written to " + dir + ": " + e, e);
        }
        return total;
    }
}
