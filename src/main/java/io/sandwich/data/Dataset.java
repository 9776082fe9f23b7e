package io.sandwich.data;

import io.sandwich.SandwichException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A directory of vector files in the seed's layout, loaded and checked: {@code tr_}, {@code val_} and {@code test_}
 * files for App, L1 and L2 ({@code tr_l2.txt} may be missing), optional whole-set files {@code app.txt},
 * {@code l1.txt}, {@code l2.txt} and optional {@code user.txt}.
 */
public final class Dataset {
    private static final String[] REQUIRED = {"tr_app.txt", "tr_l1.txt", "val_app.txt", "val_l1.txt",
        "val_l2.txt", "test_app.txt", "test_l1.txt", "test_l2.txt"};

    private final Path directory;
    private final Split train;
    private final Split validation;
    private final Split test;
    private final CsrMatrix wholeApp;
    private final CsrMatrix wholeL1;
    private final CsrMatrix wholeL2;
    private final List<String> userIds;

    private Dataset(Path directory, Split train, Split validation, Split test, CsrMatrix wholeApp,
            CsrMatrix wholeL1, CsrMatrix wholeL2, List<String> userIds) {
        this.directory = directory;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.wholeApp = wholeApp;
        this.wholeL1 = wholeL1;
        this.wholeL2 = wholeL2;
        this.userIds = userIds;
    }

    /**
     * Loads the dataset in {@code dir}. Column counts come from the {@code tr_} files (L2's from {@code val_l2.txt}
     * when there is no {@code tr_l2.txt}) and every other file must match them; paired files must have equal rows.
     *
     * @throws DataFormatException naming the file, and the line and column where there is one, if a file is
     *     unreadable or malformed or disagrees with the others in columns or rows
     * @throws SandwichException if {@code dir} is not a directory or lacks one of the required files
     */
    public static Dataset load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SandwichException("expected a dataset directory, found " + (Files.exists(dir)
                    ? "a file" : "nothing") + " at " + dir);
        }
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED) {
            if (!Files.exists(dir.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new SandwichException(dir + ": expected the dataset files " + String.join(", ", REQUIRED)
                    + ", found these missing: " + String.join(", ", missing));
        }
        CsrMatrix trApp = VectorFileReader.read(dir.resolve("tr_app.txt"), 0);
        CsrMatrix trL1 = VectorFileReader.read(dir.resolve("tr_l1.txt"), 0);
        Path trL2File = dir.resolve("tr_l2.txt");
        CsrMatrix trL2 = Files.exists(trL2File) ? VectorFileReader.read(trL2File, 0) : null;
        int appDim = trApp.cols();
        int l1Dim = trL1.cols();
        int l2Dim = trL2 != null ? trL2.cols() : 0;
        Split train = split(dir, "tr", "train", trApp, trL1, trL2);

        CsrMatrix valL2 = VectorFileReader.read(dir.resolve("val_l2.txt"), l2Dim);
        l2Dim = valL2.cols();
        Split validation = split(dir, "val", "validation", VectorFileReader.read(dir.resolve("val_app.txt"), appDim),
                VectorFileReader.read(dir.resolve("val_l1.txt"), l1Dim), valL2);
        Split test = split(dir, "test", "test", VectorFileReader.read(dir.resolve("test_app.txt"), appDim),
                VectorFileReader.read(dir.resolve("test_l1.txt"), l1Dim),
                VectorFileReader.read(dir.resolve("test_l2.txt"), l2Dim));

        int total = train.rows() + validation.rows() + test.rows();
        CsrMatrix wholeApp = whole(dir.resolve("app.txt"), appDim, total);
        CsrMatrix wholeL1 = whole(dir.resolve("l1.txt"), l1Dim, total);
        CsrMatrix wholeL2 = whole(dir.resolve("l2.txt"), l2Dim, total);
        List<String> users = userIds(dir.resolve("user.txt"), total);
        return new Dataset(dir, train, validation, test, wholeApp, wholeL1, wholeL2, users);
    }

    /**
     * A dataset held in memory, named {@code label} where a folder's path would appear: App and L1 in every split,
     * and L2 either nowhere (for models that learn L1 alone) or in the validation and test splits (the training
     * split may lack it, as the seed's does); widths equal across splits.
     *
     * @throws SandwichException naming the split and the part that disagrees
     */
    public static Dataset of(Path label, Split train, Split validation, Split test) {
        boolean l2 = validation.l2() != null || test.l2() != null || train.l2() != null;
        for (Split s : List.of(train, validation, test)) {
            same(s, "App", s.app(), train.app());
            same(s, "L1", s.l1(), train.l1());
            if (l2 && s.l2() == null && s != train) {
                throw new SandwichException("the " + s.name() + " split: expected L2 targets, as the other splits"
                        + " have, found none (only the training split may lack them)");
            }
            if (s.l2() != null) {
                same(s, "L2", s.l2(), (validation.l2() != null ? validation : test).l2());
            }
            if (s.rows() == 0) {
                throw new SandwichException("the " + s.name() + " split: expected at least one row, found none");
            }
        }
        return new Dataset(label, train, validation, test, null, null, null, null);
    }

    private static void same(Split s, String what, CsrMatrix m, CsrMatrix first) {
        if (m.cols() != first.cols()) {
            throw new SandwichException("the " + s.name() + " split's " + what + ": expected " + first.cols()
                    + " values per row, as in the other splits, found " + m.cols());
        }
    }

    private static Split split(Path dir, String prefix, String name, CsrMatrix app, CsrMatrix l1, CsrMatrix l2) {
        Path appFile = dir.resolve(prefix + "_app.txt");
        sameRows(appFile, app, dir.resolve(prefix + "_l1.txt"), l1);
        if (l2 != null) {
            sameRows(appFile, app, dir.resolve(prefix + "_l2.txt"), l2);
        }
        return new Split(name, app, l1, l2);
    }

    private static void sameRows(Path first, CsrMatrix a, Path second, CsrMatrix b) {
        if (a.rows() != b.rows()) {
            throw new DataFormatException(second, 0, 0, "expected " + a.rows() + " rows, as in " + first
                    + ", found " + b.rows() + " rows");
        }
    }

    private static CsrMatrix whole(Path file, int cols, int total) {
        if (!Files.exists(file)) {
            return null;
        }
        CsrMatrix m = VectorFileReader.read(file, cols);
        if (m.rows() != total) {
            throw new DataFormatException(file, 0, 0, "expected " + total
                    + " rows, the train, validation and test rows together, found " + m.rows());
        }
        return m;
    }

    private static List<String> userIds(Path file, int total) {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> ids = UserIds.read(file);
        if (ids.size() != total) {
            throw new DataFormatException(file, 0, 0, "expected " + total
                    + " user ids, one per train, validation and test row, found " + ids.size());
        }
        return ids;
    }

    /** The directory the dataset was loaded from. */
    public Path directory() {
        return directory;
    }

    /** The training split; its {@code l2()} is null when {@code tr_l2.txt} is missing. */
    public Split train() {
        return train;
    }

    /** The validation split (with L2, unless the data has none: {@link #hasL2()}). */
    public Split validation() {
        return validation;
    }

    /** The test split (with L2, unless the data has none: {@link #hasL2()}). */
    public Split test() {
        return test;
    }

    /** Whether the training split has L2 rows ({@code tr_l2.txt} was present). */
    public boolean hasTrainL2() {
        return train.l2() != null;
    }

    /** Width of the App vectors. */
    public int appDim() {
        return train.app().cols();
    }

    /** Width of the L1 vectors. */
    public int l1Dim() {
        return train.l1().cols();
    }

    /** Width of the L2 vectors; 0 for data held in memory without L2 targets. */
    public int l2Dim() {
        return hasL2() ? validation.l2().cols() : 0;
    }

    /** Whether the validation and test splits have L2 targets (a folder's always do). */
    public boolean hasL2() {
        return validation.l2() != null;
    }

    /** The whole-set {@code app.txt}, when present (row count checked, contents not compared). */
    public Optional<CsrMatrix> wholeApp() {
        return Optional.ofNullable(wholeApp);
    }

    /** The whole-set {@code l1.txt}, when present. */
    public Optional<CsrMatrix> wholeL1() {
        return Optional.ofNullable(wholeL1);
    }

    /** The whole-set {@code l2.txt}, when present. */
    public Optional<CsrMatrix> wholeL2() {
        return Optional.ofNullable(wholeL2);
    }

    /** The user id of each train, validation and test row, in that order, when {@code user.txt} is present. */
    public Optional<List<String>> userIds() {
        return Optional.ofNullable(userIds);
    }

    /** A multi-line human summary: rows per split, column counts and densities. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("dataset ").append(directory).append('\n');
        sb.append(String.format(Locale.ROOT, "  %-10s %6s  %-15s %-15s %-15s%n", "split", "rows",
                "App " + appDim(), "L1 " + l1Dim(), "L2 " + l2Dim()));
        for (Split s : List.of(train, validation, test)) {
            sb.append(String.format(Locale.ROOT, "  %-10s %6d  %-15s %-15s %-15s%n", s.name(), s.rows(),
                    density(s.app()), density(s.l1()), s.l2() == null ? "(none)" : density(s.l2())));
        }
        sb.append("  densities are the share of non-zero values (mean non-zero per row in brackets)\n");
        sb.append("  training L2: ").append(hasTrainL2() ? "present" : "absent (no tr_l2.txt)").append('\n');
        sb.append("  user ids: ").append(userIds == null ? "absent" : userIds.size()).append('\n');
        return sb.toString();
    }

    private static String density(CsrMatrix m) {
        return String.format(Locale.ROOT, "%.3f (%.1f)", m.density(), m.rows() == 0 ? 0.0
                : (double) m.nnz() / m.rows());
    }
}
