package io.sandwich.model;

import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.Split;
import io.sandwich.train.DualSet;
import io.sandwich.train.LabelledSet;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses the rows of each stage. L1 stages use the three splits as they are. L2 stages need L2 targets for
 * training; the real seed copy lacks {@code tr_l2.txt}, so under the clean protocol its L2 stages train on the
 * first 80% of the validation rows and select on the remaining 20% (never on test rows).
 */
public final class DataPlan {
    /** Share of validation rows trained on when there are no training L2 rows. */
    public static final double VAL_TRAIN_SHARE = 0.8;

    private DataPlan() {
    }

    /** A run of rows of one split. */
    private record Part(Split split, int from, int to) {
        CsrMatrix of(Function<Split, CsrMatrix> column) {
            CsrMatrix m = column.apply(split);
            return from == 0 && to == m.rows() ? m : m.rowRange(from, to);
        }
    }

    /** Named rows: runs of splits, concatenated in order; any column (App, L1, L2) can be taken of them. */
    private record Rows(String name, List<Part> parts) {
        static Rows whole(String name, Split... splits) {
            return new Rows(name, java.util.Arrays.stream(splits).map(s -> new Part(s, 0, s.rows())).toList());
        }

        CsrMatrix of(Function<Split, CsrMatrix> column) {
            CsrMatrix m = parts.get(0).of(column);
            for (int i = 1; i < parts.size(); i++) {
                m = m.concat(parts.get(i).of(column));
            }
            return m;
        }

        LabelledSet labelled(Function<Split, CsrMatrix> x, Function<Split, CsrMatrix> y) {
            return new LabelledSet(name, of(x), of(y));
        }

        DualSet dual() {
            return new DualSet(name, of(Split::app), of(Split::l1), of(Split::l2));
        }
    }

    /** The train / validation / test rows of a stage that learns L2, and the sentence describing them. */
    private record L2Rows(Rows train, Rows validation, Rows test, String note) {
    }

    private static L2Rows l2Rows(Dataset d, Protocol p, String what) {
        Split tr = d.train();
        Split val = d.validation();
        Split te = d.test();
        Rows test = Rows.whole("test", te);
        if (p == Protocol.SEED) {
            Rows train = d.hasTrainL2() ? Rows.whole("train+val+test", tr, val, te) : Rows.whole("val+test", val, te);
            return new L2Rows(train, test, test, what + " (seed protocol): trains on " + train.name()
                    + " rows, selects on test rows");
        }
        if (d.hasTrainL2()) {
            return new L2Rows(Rows.whole("train", tr), Rows.whole("val", val), test,
                    what + ": trains on train rows, selects on val rows, tests on test rows");
        }
        int cut = (int) Math.round(val.rows() * VAL_TRAIN_SHARE);
        Rows first = new Rows("val[0.." + cut + ")", List.of(new Part(val, 0, cut)));
        Rows second = new Rows("val[" + cut + ".." + val.rows() + ")", List.of(new Part(val, cut, val.rows())));
        return new L2Rows(first, second, test, what + ": no tr_l2.txt, so it trains on " + first.name()
                + " and selects on " + second.name() + "; tests on test rows");
    }

    /** Rows of an App -> L1 stage. */
    public static StageData l1(Dataset d, Protocol p) {
        Rows test = Rows.whole("test", d.test());
        if (p == Protocol.SEED) {
            Rows all = Rows.whole("train+val+test", d.train(), d.validation(), d.test());
            return new StageData(all.labelled(Split::app, Split::l1), test.labelled(Split::app, Split::l1),
                    test.labelled(Split::app, Split::l1),
                    "L1 (seed protocol): trains on train+val+test rows, selects on test rows");
        }
        return new StageData(Rows.whole("train", d.train()).labelled(Split::app, Split::l1),
                Rows.whole("val", d.validation()).labelled(Split::app, Split::l1), test.labelled(Split::app, Split::l1),
                "L1: trains on train rows, selects on val rows, tests on test rows");
    }

    /** Rows of an App -> L2 stage. */
    public static StageData l2(Dataset d, Protocol p) {
        return labelled(l2Rows(d, p, "L2"), Split::app);
    }

    /** Rows of an L1 -> L2 stage (the autoencoder's decoder). */
    public static StageData l1ToL2(Dataset d, Protocol p) {
        return labelled(l2Rows(d, p, "L1 -> L2"), Split::l1);
    }

    private static StageData labelled(L2Rows r, Function<Split, CsrMatrix> input) {
        return new StageData(r.train().labelled(input, Split::l2), r.validation().labelled(input, Split::l2),
                r.test().labelled(input, Split::l2), r.note());
    }

    /**
     * Rows of the bi-directional model, which needs L1 and L2 targets for the same rows: those of an L2 stage,
     * with their L1 targets alongside.
     */
    public static DualStageData dual(Dataset d, Protocol p) {
        L2Rows r = l2Rows(d, p, "L1 + L2");
        return new DualStageData(r.train().dual(), r.validation().dual(), r.test().dual(), r.note());
    }
}
