package io.sandwich.api;

import io.sandwich.SandwichException;
import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.metrics.ranking.RankingFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What each user really read, for {@link Sandwich#rankEval}: a {@code user:item,item,...} file, or the target rows
 * of a dataset's split, where a user's items are the columns of the row that are not zero (by their ids, or by
 * names). Users are the dataset's user ids, or the row numbers 1, 2, ... where it has none, as
 * {@link Sandwich#predict} writes them for the same split.
 */
public final class Truth {
    private final Path file;
    private final Data data;
    private final String split;
    private final String level;
    private final Optional<Path> names;

    private Truth(Path file, Data data, String split, String level, Optional<Path> names) {
        this.file = file;
        this.data = data;
        this.split = split;
        this.level = level;
        this.names = names;
    }

    /** The lists of {@code file}, {@code user:item,item,...} lines. */
    public static Truth file(Path file) {
        return new Truth(Objects.requireNonNull(file, "file"), null, null, null, Optional.empty());
    }

    /**
     * The non-zero columns of the {@code level} ({@code l1} or {@code l2}) targets of {@code split} ({@code train},
     * {@code validation} or {@code test}) of {@code data}, named as the lines of {@code names} say (line 1 names
     * column 0) or by their ids.
     *
     * @throws SandwichException naming the split or level when it is none of those
     */
    public static Truth targets(Data data, String split, String level, Optional<Path> names) {
        SavedModelRuns.rowsOf(split);
        if (!level.equals("l1") && !level.equals("l2")) {
            throw new SandwichException("expected " + SandwichException.setting("level") + " to be l1 or l2, found "
                    + level);
        }
        return new Truth(null, Objects.requireNonNull(data, "data"), split, level, names);
    }

    /** User to items, in row or file order. */
    LinkedHashMap<String, List<String>> read() {
        if (file != null) {
            return RankingFile.read(file);
        }
        Dataset d = data.load(level.equals("l1") ? Dataset.Targets.L1 : Dataset.Targets.L1_AND_L2).dataset();
        io.sandwich.data.Split s = SavedModelRuns.rowsOf(split).apply(d);
        CsrMatrix y = level.equals("l1") ? s.l1() : s.l2();
        if (y == null) {
            throw new SandwichException("the " + s.name() + " split of " + data + " has no L2 targets");
        }
        List<String> columns = SavedModelRuns.columnNames(names, y.cols());
        List<String> users = SavedModelRuns.userIds(d, s);
        LinkedHashMap<String, List<String>> out = new LinkedHashMap<>();
        for (int r = 0; r < y.rows(); r++) {
            List<Integer> nonZero = new ArrayList<>();
            for (int k = y.rowPtr()[r]; k < y.rowPtr()[r + 1]; k++) {
                nonZero.add(k);
            }
            nonZero.sort(Comparator.comparing((Integer k) -> -y.values()[k]).thenComparing(k -> y.colIdx()[k]));
            out.put(users.get(r), nonZero.stream().map(k -> columns.get(y.colIdx()[k])).toList());
        }
        return out;
    }

    @Override
    public String toString() {
        return file != null ? file.toString() : "the " + level + " targets of " + split + " in " + data;
    }
}
