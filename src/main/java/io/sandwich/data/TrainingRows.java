package io.sandwich.data;

import io.sandwich.SandwichException;
import io.sandwich.data.DataFiles.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The training split's App and L1 rows alone, read as {@link Dataset#load} reads them (any format, the declarations,
 * L1 class ids made one-hot): for {@code bench}, which trains App -> L1 on them and needs no other file of a dataset.
 */
public final class TrainingRows {
    private TrainingRows() {
    }

    /**
     * The training split of App and L1 that {@code files} name, with what {@code declared} says of them. L1 class ids
     * are as many classes as declared, else the largest training id plus one.
     *
     * @throws SandwichException if either file is missing or the declarations disagree
     * @throws DataFormatException as {@link Dataset#load} does
     */
    public static Split appToL1(DataFiles files, Declared declared) {
        files.require(List.of(Role.TRAIN_APP, Role.TRAIN_L1), "the training files " + files.name(Role.TRAIN_APP)
                + " and " + files.name(Role.TRAIN_L1));
        Declared d = Dataset.declarations(files, declared);
        List<String> notes = new ArrayList<>();
        List<Dataset.FileRead> reads = new ArrayList<>();
        Map<Role, CsrMatrix> m = new EnumMap<>(Role.class);
        m.putAll(Dataset.level(files, List.of(Role.TRAIN_APP), Reading.app(d), "App", notes, reads));
        m.putAll(Dataset.level(files, List.of(Role.TRAIN_L1), Reading.targets(d.l1Classes(), d), "L1", notes, reads));
        return Dataset.split(files, m, "train", Role.TRAIN_APP, Role.TRAIN_L1, Role.TRAIN_L2);
    }
}
