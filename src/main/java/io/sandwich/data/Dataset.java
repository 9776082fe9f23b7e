package io.sandwich.data;

import io.sandwich.SandwichException;
import io.sandwich.data.DataFiles.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * A dataset loaded and checked: train, validation and test splits of App, L1 and L2 rows (training L2 may be
 * missing, and L2 altogether for models that learn L1 alone), whole-set files and user ids where present. It is read
 * from a folder in the seed's layout ({@code tr_app.txt}, ... in any {@link VectorFormat}) or the files a
 * {@link Manifest} names ({@link DataFiles}); targets of one column are class ids and become one-hot rows.
 */
public final class Dataset {
    private static final List<Role> APP = List.of(Role.TRAIN_APP, Role.VAL_APP, Role.TEST_APP, Role.ALL_APP);
    private static final List<Role> L1 = List.of(Role.TRAIN_L1, Role.VAL_L1, Role.TEST_L1, Role.ALL_L1);
    private static final List<Role> L2 = List.of(Role.TRAIN_L2, Role.VAL_L2, Role.TEST_L2, Role.ALL_L2);

    /** Which target files a load reads. */
    public enum Targets {
        /** L1 alone: the L2 files are not read, nor required. */
        L1,
        /** L1 and L2: the validation and test L2 files are required. */
        L1_AND_L2,
        /** L1, and L2 where any L2 file is present. */
        PRESENT
    }

    private final Path source;
    private final Split train;
    private final Split validation;
    private final Split test;
    private final CsrMatrix wholeApp;
    private final CsrMatrix wholeL1;
    private final CsrMatrix wholeL2;
    private final List<String> userIds;
    private final List<String> notes;
    private final List<FileRead> reads;

    /**
     * One file a load read, and how long that took.
     *
     * @param file the file
     * @param format its format
     * @param bytes its size
     * @param seconds the time its reading took
     */
    public record FileRead(Path file, VectorFormat format, long bytes, double seconds) {
    }

    private Dataset(Path source, Split train, Split validation, Split test, Map<Role, CsrMatrix> whole,
            List<String> userIds, List<String> notes, List<FileRead> reads) {
        this.source = source;
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.wholeApp = whole.get(Role.ALL_APP);
        this.wholeL1 = whole.get(Role.ALL_L1);
        this.wholeL2 = whole.get(Role.ALL_L2);
        this.userIds = userIds;
        List<String> all = new ArrayList<>(notes);
        all.addAll(emptyTargets(List.of(train, validation, test)));
        this.notes = List.copyOf(all);
        this.reads = List.copyOf(reads);
    }

    /**
     * Loads the dataset in {@code dir}, in the seed's layout, with its L2 files.
     *
     * @throws DataFormatException naming the file, and the line and column where there is one, if a file is
     *     unreadable or malformed or disagrees with the others in columns or rows
     * @throws SandwichException if {@code dir} is not a directory or lacks one of the required files
     */
    public static Dataset load(Path dir) {
        return load(DataFiles.folder(dir), Declared.NONE, Targets.L1_AND_L2);
    }

    /**
     * Loads the dataset {@code files} name, reading the {@code targets} asked for. Widths come from the training
     * files unless declared (by {@code declared}, or by the manifest, which must agree); a sparse level undeclared is
     * as wide as its largest index. Every other file must match; paired files must have equal rows. A target level
     * whose files all have one column holds class ids: one-hot rows as wide as the class count declared, else the
     * largest id of the level plus one.
     *
     * @throws DataFormatException naming the file, and the line and column where there is one, if a file is
     *     unreadable or malformed or disagrees with the others in columns or rows
     * @throws SandwichException if a required file is missing or the declarations disagree
     */
    public static Dataset load(DataFiles files, Declared declared, Targets targets) {
        Declared d = declarations(files, declared);
        boolean l2 = targets == Targets.L1_AND_L2 || targets == Targets.PRESENT && L2.stream()
                .anyMatch(r -> files.get(r).isPresent());
        List<Role> required = java.util.Arrays.stream(Role.values()).filter(r -> !r.split().equals("all")
                && r != Role.TRAIN_L2 && (l2 || !r.part().equals("l2"))).toList();
        files.require(required, "the dataset files " + String.join(", ", required.stream().map(files::name).toList()));
        List<String> notes = new ArrayList<>();
        Map<Role, CsrMatrix> m = new EnumMap<>(Role.class);
        List<FileRead> reads = new ArrayList<>();
        m.putAll(level(files, APP, Reading.app(d), "App", notes, reads));
        m.putAll(level(files, L1, Reading.targets(d.l1Classes(), d), "L1", notes, reads));
        if (l2) {
            m.putAll(level(files, L2, Reading.targets(d.l2Classes(), d), "L2", notes, reads));
        }
        Split train = split(files, m, "train", Role.TRAIN_APP, Role.TRAIN_L1, Role.TRAIN_L2);
        Split validation = split(files, m, "validation", Role.VAL_APP, Role.VAL_L1, Role.VAL_L2);
        Split test = split(files, m, "test", Role.TEST_APP, Role.TEST_L1, Role.TEST_L2);
        int total = train.rows() + validation.rows() + test.rows();
        for (Role whole : List.of(Role.ALL_APP, Role.ALL_L1, Role.ALL_L2)) {
            if (m.containsKey(whole) && m.get(whole).rows() != total) {
                throw new DataFormatException(files.get(whole).orElseThrow().path(), 0, 0, "expected " + total
                        + " rows, the train, validation and test rows together, found " + m.get(whole).rows());
            }
        }
        List<String> users = files.get(Role.USERS).map(f -> userIds(f, total)).orElse(null);
        return new Dataset(files.origin(), train, validation, test, m, users, notes, reads);
    }

    /** What {@code declared} says of {@code files}, and their manifest, which must agree. */
    static Declared declarations(DataFiles files, Declared declared) {
        return files.fromManifest() ? declared.and(files.declared(), "the manifest " + files.origin()) : declared;
    }

    /**
     * The files of one level (App, L1 or L2) that are present, read and brought to one width. Targets of one
     * column (in every file but sparse ones) are class ids, made one-hot here.
     */
    static Map<Role, CsrMatrix> level(DataFiles files, List<Role> roles, Reading reading, String name,
            List<String> notes, List<FileRead> reads) {
        Map<Role, CsrMatrix> read = new EnumMap<>(Role.class);
        DataFiles.File first = null;
        for (Role role : roles) {
            DataFiles.File f = files.get(role).orElse(null);
            if (f == null) {
                continue;
            }
            boolean fixed = first != null && first.format() != VectorFormat.LIBSVM
                    && f.format() != VectorFormat.LIBSVM;
            long t0 = System.nanoTime();
            read.put(role, f.format().read(f.path(), fixed ? reading.withCols(read.values().iterator().next()
                    .cols()) : reading));
            reads.add(new FileRead(f.path(), f.format(), size(f.path()), (System.nanoTime() - t0) / 1e9));
            first = first == null ? f : first;
        }
        if (read.isEmpty()) {
            return read;
        }
        boolean ids = reading.target() && read.entrySet().stream().allMatch(e -> e.getValue().cols() == 1
                && files.get(e.getKey()).orElseThrow().format() != VectorFormat.LIBSVM);
        if (ids) {
            int max = read.values().stream().mapToInt(ClassIds::max).max().orElse(0);
            int classes = reading.classes() > 0 ? reading.classes() : max + 1;
            if (classes < 2) {
                throw new SandwichException(name + " class ids: expected at least two classes, found only id 0 in "
                        + String.join(", ", read.keySet().stream().map(r -> files.name(r)).toList())
                        + "; declare the class count with "
                        + SandwichException.setting(name.toLowerCase(Locale.ROOT) + "Classes"));
            }
            read.replaceAll((r, mat) -> ClassIds.oneHot(mat, classes));
            notes.add(name + " targets are class ids: one-hot rows of " + classes + " classes"
                    + (reading.classes() > 0 ? " (as declared)" : " (the largest id plus one)"));
            return read;
        }
        int width = reading.target() ? reading.classes() : reading.cols();
        for (Map.Entry<Role, CsrMatrix> e : read.entrySet()) {
            DataFiles.File f = files.get(e.getKey()).orElseThrow();
            int cols = e.getValue().cols();
            if (f.format() != VectorFormat.LIBSVM) {
                if (width > 0 && cols != width) {
                    throw new DataFormatException(f.path(), 0, 0, "expected " + width + " values per row, as "
                            + (reading.target() || reading.cols() > 0 ? "declared" : "in the other " + name
                            + " files") + ", found " + cols);
                }
                width = cols;
            }
        }
        int w = width > 0 ? width : read.values().stream().mapToInt(CsrMatrix::cols).max().orElseThrow();
        for (Map.Entry<Role, CsrMatrix> e : read.entrySet()) {
            if (e.getValue().cols() > w) {
                throw new DataFormatException(files.get(e.getKey()).orElseThrow().path(), 0, 0, "expected indices"
                        + " for at most " + w + " columns, as the other " + name + " files have, found "
                        + e.getValue().cols());
            }
        }
        if (reading.target() && w == 1) {
            throw new SandwichException(name + " targets: expected at least two columns, found one in "
                    + files.name(read.keySet().iterator().next()) + "; write class ids as one column of a .txt,"
                    + " .csv, .tsv or .npy file");
        }
        read.replaceAll((r, mat) -> mat.widened(w));
        return read;
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
        return new Dataset(label, train, validation, test, Map.of(), null, List.of(), List.of());
    }

    private static void same(Split s, String what, CsrMatrix m, CsrMatrix first) {
        if (m.cols() != first.cols()) {
            throw new SandwichException("the " + s.name() + " split's " + what + ": expected " + first.cols()
                    + " values per row, as in the other splits, found " + m.cols());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0; // read a moment ago; its size is only reported
        }
    }

    static Split split(DataFiles files, Map<Role, CsrMatrix> m, String name, Role app, Role l1, Role l2) {
        sameRows(files, m, app, l1);
        if (m.containsKey(l2)) {
            sameRows(files, m, app, l2);
        }
        return new Split(name, m.get(app), m.get(l1), m.get(l2));
    }

    private static void sameRows(DataFiles files, Map<Role, CsrMatrix> m, Role first, Role second) {
        if (m.get(first).rows() != m.get(second).rows()) {
            throw new DataFormatException(files.get(second).orElseThrow().path(), 0, 0, "expected "
                    + m.get(first).rows() + " rows, as in " + files.get(first).orElseThrow().path() + ", found "
                    + m.get(second).rows() + " rows");
        }
    }

    private static List<String> userIds(DataFiles.File file, int total) {
        return userIds(file.path(), total, "user ids, one per train, validation and test row");
    }

    /**
     * The ids on the lines of {@code file} ({@code .txt}, or one column of {@code .csv} or {@code .tsv}), which
     * must number {@code expected}.
     *
     * @throws DataFormatException naming the file (and line) when it is malformed or has another count, which the
     *     message calls "expected N {@code what}"
     */
    public static List<String> userIds(Path file, int expected, String what) {
        List<String> ids = UserIds.read(file, VectorFormat.of(file).orElse(VectorFormat.TXT));
        if (ids.size() != expected) {
            throw new DataFormatException(file, 0, 0, "expected " + expected + " " + what + ", found " + ids.size());
        }
        return ids;
    }

    /** A sentence for each split and target level with rows whose target is all zeros. */
    private static List<String> emptyTargets(List<Split> splits) {
        List<String> out = new ArrayList<>();
        for (Split s : splits) {
            for (String level : List.of("L1", "L2")) {
                CsrMatrix y = level.equals("L1") ? s.l1() : s.l2();
                int n = y == null ? 0 : y.emptyRows();
                if (n > 0) {
                    out.add(String.format(Locale.ROOT, "%d of the %d %s rows have an all-zero %s target (%.1f%%):"
                            + " the masked and soft-ce losses give them no weight, mse and l1 pull their outputs"
                            + " to zero, and accuracy counts them as column 0", n, y.rows(), s.name(), level,
                            100.0 * n / y.rows()));
                }
            }
        }
        return out;
    }

    /** The folder or manifest the dataset was loaded from (a label, for data held in memory). */
    public Path source() {
        return source;
    }

    /** The vector files the load read, in order, with their sizes and read times; none for data in memory. */
    public List<FileRead> reads() {
        return reads;
    }

    /** Sentences about the data a run should show: targets read as class ids, rows with all-zero targets. */
    public List<String> notes() {
        return notes;
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
        sb.append("dataset ").append(source).append('\n');
        sb.append(String.format(Locale.ROOT, "  %-10s %6s  %-15s %-15s %-15s%n", "split", "rows",
                "App " + appDim(), "L1 " + l1Dim(), "L2 " + l2Dim()));
        for (Split s : List.of(train, validation, test)) {
            sb.append(String.format(Locale.ROOT, "  %-10s %6d  %-15s %-15s %-15s%n", s.name(), s.rows(),
                    density(s.app()), density(s.l1()), s.l2() == null ? "(none)" : density(s.l2())));
        }
        sb.append("  densities are the share of non-zero values (mean non-zero per row in brackets)\n");
        sb.append("  training L2: ").append(hasTrainL2() ? "present" : "absent (no L2 file for train)").append('\n');
        sb.append("  user ids: ").append(userIds == null ? "absent" : userIds.size()).append('\n');
        notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        return sb.toString();
    }

    private static String density(CsrMatrix m) {
        return String.format(Locale.ROOT, "%.3f (%.1f)", m.density(), m.rows() == 0 ? 0.0
                : (double) m.nnz() / m.rows());
    }
}
