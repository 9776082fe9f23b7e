package io.sandwich.model;

import io.sandwich.data.CsrMatrix;
import io.sandwich.data.Dataset;
import io.sandwich.data.Split;
import io.sandwich.train.LabelledSet;

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

    /** Rows of an App -> L1 stage. */
    public static StageData l1(Dataset d, Protocol p) {
        Split tr = d.train();
        Split val = d.validation();
        Split te = d.test();
        LabelledSet test = new LabelledSet("test", te.app(), te.l1());
        if (p == Protocol.SEED) {
            LabelledSet all = new LabelledSet("train+val+test", tr.app().concat(val.app()).concat(te.app()),
                    tr.l1().concat(val.l1()).concat(te.l1()));
            return new StageData(all, test, test, "L1 (seed protocol): trains on train+val+test rows, selects on"
                    + " test rows");
        }
        return new StageData(new LabelledSet("train", tr.app(), tr.l1()), new LabelledSet("val", val.app(),
                val.l1()), test, "L1: trains on train rows, selects on val rows, tests on test rows");
    }

    /** Rows of an App -> L2 stage. */
    public static StageData l2(Dataset d, Protocol p) {
        return l2(d, p, Split::app);
    }

    /** Rows of an L1 -> L2 stage (the autoencoder's decoder). */
    public static StageData l1ToL2(Dataset d, Protocol p) {
        return l2(d, p, Split::l1);
    }

    private static StageData l2(Dataset d, Protocol p, java.util.function.Function<Split, CsrMatrix> input) {
        Split tr = d.train();
        Split val = d.validation();
        Split te = d.test();
        LabelledSet test = new LabelledSet("test", input.apply(te), te.l2());
        if (p == Protocol.SEED) {
            CsrMatrix x = input.apply(val).concat(input.apply(te));
            CsrMatrix y = val.l2().concat(te.l2());
            String rows = "val+test";
            if (d.hasTrainL2()) {
                x = input.apply(tr).concat(x);
                y = tr.l2().concat(y);
                rows = "train+val+test";
            }
            return new StageData(new LabelledSet(rows, x, y), test, test, "L2 (seed protocol): trains on " + rows
                    + " rows, selects on test rows");
        }
        if (d.hasTrainL2()) {
            return new StageData(new LabelledSet("train", input.apply(tr), tr.l2()),
                    new LabelledSet("val", input.apply(val), val.l2()), test,
                    "L2: trains on train rows, selects on val rows, tests on test rows");
        }
        int cut = (int) Math.round(val.rows() * VAL_TRAIN_SHARE);
        String first = "val[0.." + cut + ")";
        String second = "val[" + cut + ".." + val.rows() + ")";
        return new StageData(new LabelledSet(first, input.apply(val).rowRange(0, cut), val.l2().rowRange(0, cut)),
                new LabelledSet(second, input.apply(val).rowRange(cut, val.rows()),
                        val.l2().rowRange(cut, val.rows())), test,
                "L2: no tr_l2.txt, so L2 stages train on " + first + " and select on " + second
                        + "; tests on test rows");
    }
}
