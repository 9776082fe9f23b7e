package io.sandwich.data;

import io.sandwich.SandwichException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which file holds each part of a dataset, and its format: a folder in the seed's layout ({@code tr_app.txt}, ...,
 * any of the {@link VectorFormat}s' extensions in place of {@code .txt}), or the files a {@link Manifest} names.
 */
public final class DataFiles {
    /**
     * The parts of a dataset, each a file of its own: App, L1 and L2 rows of each split and of the three together,
     * and the user ids. A role's split and part are the two halves of its name
     * ({@link #USERS}: of all the rows).
     */
    public enum Role {
        /** The training split's rows (the seed's copy has no L2 rows). */
        TRAIN_APP, TRAIN_L1, TRAIN_L2,
        /** The validation split's rows. */
        VAL_APP, VAL_L1, VAL_L2,
        /** The test split's rows. */
        TEST_APP, TEST_L1, TEST_L2,
        /** The three splits' rows together (the seed's {@code app.txt}, {@code l1.txt}, {@code l2.txt}). */
        ALL_APP, ALL_L1, ALL_L2,
        /** The user id of every train, validation and test row, in that order. */
        USERS;

        private final String stem;
        private final String split;
        private final String part;

        Role() {
            String n = name().toLowerCase(Locale.ROOT);
            int cut = n.indexOf('_');
            String prefix = cut < 0 ? "all" : n.substring(0, cut);
            this.part = n.substring(cut + 1);
            this.split = prefix.equals("val") ? "validation" : prefix;
            this.stem = switch (prefix) {
                case "all" -> part.equals("users") ? "user" : part;
                case "train" -> "tr_" + part;
                default -> prefix + "_" + part;
            };
        }

        /** Its file name in the seed's layout, without the extension ({@code tr_app}). */
        public String stem() {
            return stem;
        }

        /** The split it belongs to: {@code train}, {@code validation}, {@code test} or {@code all}. */
        public String split() {
            return split;
        }

        /** What it holds: {@code app}, {@code l1}, {@code l2} or {@code users}. */
        public String part() {
            return part;
        }

        /** The role of {@code part} in {@code split}, if there is one. */
        static Optional<Role> of(String split, String part) {
            for (Role r : values()) {
                if (r.split.equals(split) && r.part.equals(part)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** One role's file and the format it is read as. */
    public record File(Path path, VectorFormat format) {
    }

    private final Path origin;
    private final Map<Role, File> files;
    private final Declared declared;

    DataFiles(Path origin, Map<Role, File> files, Declared declared) {
        this.origin = origin;
        this.files = Collections.unmodifiableMap(new EnumMap<>(files));
        this.declared = declared;
    }

    /**
     * The files of {@code dir} in the seed's layout: for each role the file named by its stem and one of the
     * formats' extensions. User ids are read from {@code user.txt}, {@code user.csv} or {@code user.tsv}.
     *
     * @throws SandwichException if {@code dir} is not a directory, or two files hold one role
     */
    public static DataFiles folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SandwichException("expected a dataset directory or manifest, found " + (Files.exists(dir)
                    ? "a file that is neither" : "nothing") + " at " + dir);
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new SandwichException(dir + ": could not list the data folder: " + e.getMessage(), e);
        }
        Map<Role, File> found = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            List<Path> candidates = new ArrayList<>();
            for (Path p : all) {
                String name = p.getFileName().toString();
                Optional<VectorFormat> f = VectorFormat.of(p);
                if (f.isPresent() && name.toLowerCase(Locale.ROOT).startsWith(role.stem + ".")
                        && name.length() == role.stem.length() + 1 + extension(name).length()
                        && (role != Role.USERS || f.get() != VectorFormat.LIBSVM)) {
                    candidates.add(p);
                }
            }
            if (candidates.size() > 1) {
                throw new SandwichException(dir + ": expected one file for " + role.stem + ", found "
                        + candidates.size() + ": " + String.join(" and ", candidates.stream()
                        .map(p -> p.getFileName().toString()).toList()) + "; keep one");
            }
            if (!candidates.isEmpty()) {
                found.put(role, new File(candidates.get(0), VectorFormat.of(candidates.get(0)).orElseThrow()));
            }
        }
        return new DataFiles(dir, found, Declared.NONE);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** The folder or manifest the files were named by. */
    public Path origin() {
        return origin;
    }

    /** Whether they were named by a manifest rather than found in a folder. */
    public boolean fromManifest() {
        return !Files.isDirectory(origin);
    }

    /** The file of {@code role}, if the dataset has one. */
    public Optional<File> get(Role role) {
        return Optional.ofNullable(files.get(role));
    }

    /** Every role's file. */
    public Map<Role, File> all() {
        return files;
    }

    /** What the manifest declares of the files' shapes; nothing for a folder. */
    public Declared declared() {
        return declared;
    }

    /**
     * Refuses files that lack any of {@code roles}: "ORIGIN: expected {@code expected} (or .csv, ... in place of
     * .txt), found these missing: ...".
     *
     * @throws SandwichException naming the missing files
     */
    void require(List<Role> roles, String expected) {
        List<String> missing = roles.stream().filter(r -> get(r).isEmpty()).map(this::name).toList();
        if (!missing.isEmpty()) {
            throw new SandwichException(origin + ": expected " + expected + (fromManifest() ? "" : " (or .csv, .tsv,"
                    + " .npy, .svm in place of .txt)") + ", found these missing: " + String.join(", ", missing));
        }
    }

    /** How to name a role's file in messages where there is none: its seed-layout name or manifest key. */
    String name(Role role) {
        return fromManifest() ? role.split + "." + role.part : role.stem + ".txt";
    }
}
