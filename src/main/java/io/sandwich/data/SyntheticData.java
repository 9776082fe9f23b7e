package io.sandwich.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Deterministic generator of the project's embedded dataset: synthetic users with the seed's shapes (6000 / 1000 /
 * 857 rows; App 52, L1 23, L2 164 columns) and planted structure for transfer learning to find. Its users are drawn
 * one at a time, so {@link DatasetGenerator} can stream any number of them for any seed.
 *
 * <p>Every L2 category belongs to exactly one L1 category ({@link #l2Parents()}). Each user mixes two of a few
 * latent profiles; a profile favours some app categories, some L1 categories and some L2 children inside each L1.
 * App values are shares of the user's apps (k/n, rows sum to 1); L1 and L2 values are the average weight of the
 * user's articles per category, so each L1 value is the sum of its L2 children's values. Only
 * {@link SplittableRandom} with a fixed seed and {@link StrictMath} are used, so the output is the same everywhere.
 */
public final class SyntheticData {
    /** Seed of the generator. */
    public static final long SEED = 20171201L;
    /** Rows of the train, validation and test splits. */
    public static final int TRAIN_ROWS = 6000;
    public static final int VALIDATION_ROWS = 1000;
    public static final int TEST_ROWS = 857;
    /** Widths of the App, L1 and L2 vectors. */
    public static final int APP_DIM = 52;
    public static final int L1_DIM = 23;
    public static final int L2_DIM = 164;

    // tuned so that densities and majority-class rates resemble the seed's (see data/embedded/README.md)
    private static final int PROFILES = 16;
    private static final double APP_ZIPF = 1.0;
    private static final double APP_BOOST = 8;
    private static final double APPS = 18;
    private static final double L1_ZIPF = 0.6;
    private static final double L1_BOOST = 50;
    private static final double CHILD_ZIPF = 1.2;
    private static final double CHILD_NOISE = 0.5;
    private static final double CHILD_BOOST = 6;
    private static final double ARTICLES = 6.5;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final SeededDraws rng;
    private final int[] parent = new int[L2_DIM];
    private final int[][] children = new int[L1_DIM][];
    private final double[] appPop = new double[APP_DIM];
    private final double[] l1Pop = new double[L1_DIM];
    private final double[] profileWeight = new double[PROFILES];
    private final double[][] appProfile = new double[PROFILES][];
    private final double[][] l1Profile = new double[PROFILES][];
    private final double[][] l2Profile = new double[PROFILES][];

    /** The generator's planted structure for {@code seed}; users are then drawn one by one with {@link #user}. */
    SyntheticData(long seed) {
        rng = new SeededDraws(new SplittableRandom(seed));
        plantNesting();
        plantProfiles();
    }

    /** The fixed nesting: element {@code c} is the L1 category that L2 category {@code c} belongs to. */
    public static int[] l2Parents() {
        return new SyntheticData(SEED).parent.clone();
    }

    /**
     * Writes the dataset into {@code dir} (created when missing) in the seed's layout: {@code tr_}, {@code val_} and
     * {@code test_} files for App, L1 and L2 (training L2 included) and {@code user.txt}, each file atomically.
     * It is {@link DatasetGenerator#generate} with {@link #SEED} and 7,857 users.
     */
    public static void writeTo(Path dir) {
        DatasetGenerator.generate(dir, TRAIN_ROWS + VALIDATION_ROWS + TEST_ROWS, SEED);
    }

    private void plantNesting() {
        int[] size = new int[L1_DIM];
        double[] w = new double[L1_DIM];
        int[] sizeRank = rng.permutation(L1_DIM);
        for (int j = 0; j < L1_DIM; j++) {
            size[j] = 1;
            w[j] = 1 / StrictMath.pow(sizeRank[j] + 1, 0.8);
        }
        double[] cw = SeededDraws.cumulative(w);
        for (int i = L1_DIM; i < L2_DIM; i++) {
            size[rng.pick(cw)]++;
        }
        int k = 0;
        for (int j = 0; j < L1_DIM; j++) {
            for (int s = 0; s < size[j]; s++) {
                parent[k++] = j;
            }
        }
        rng.shuffle(parent);
        for (int j = 0; j < L1_DIM; j++) {
            children[j] = new int[size[j]];
            int n = 0;
            for (int c = 0; c < L2_DIM; c++) {
                if (parent[c] == j) {
                    children[j][n++] = c;
                }
            }
        }
        for (int j = 0; j < L1_DIM; j++) {
            l1Pop[j] = 1 / StrictMath.pow(j + 1, L1_ZIPF);
        }
        int[] rank = rng.permutation(APP_DIM);
        for (int c = 0; c < APP_DIM; c++) {
            appPop[c] = 1 / StrictMath.pow(rank[c] + 1, APP_ZIPF);
        }
    }

    private void plantProfiles() {
        double[] cl1 = SeededDraws.cumulative(l1Pop);
        for (int k = 0; k < PROFILES; k++) {
            profileWeight[k] = 1 / StrictMath.pow(k + 1, 0.9);
            double[] a = new double[APP_DIM];
            for (int c = 0; c < APP_DIM; c++) {
                a[c] = appPop[c] * rng.logNormal(1.0);
            }
            for (int s = 0; s < 4; s++) {
                a[rng.nextInt(APP_DIM)] *= APP_BOOST;
            }
            appProfile[k] = SeededDraws.normalise(a);
            double[] b = new double[L1_DIM];
            for (int j = 0; j < L1_DIM; j++) {
                b[j] = l1Pop[j] * rng.logNormal(0.8);
            }
            int main = rng.pick(cl1);
            b[main] *= L1_BOOST;
            b[rng.nextInt(L1_DIM)] *= 6;
            l1Profile[k] = SeededDraws.normalise(b);
            double[] c2 = new double[L2_DIM];
            for (int j = 0; j < L1_DIM; j++) {
                for (int r = 0; r < children[j].length; r++) {
                    c2[children[j][r]] = rng.logNormal(CHILD_NOISE) / StrictMath.pow(r + 1, CHILD_ZIPF);
                }
            }
            c2[children[main][rng.nextInt(children[main].length)]] *= CHILD_BOOST;
            l2Profile[k] = c2;
        }
    }

    /** Draws the next user's id: 32 upper-case hex digits, as in the seed's {@code user.txt}. */
    void userId(byte[] dst) {
        long hi = rng.nextLong();
        long lo = rng.nextLong();
        for (int i = 0; i < 16; i++) {
            dst[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xF];
            dst[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xF];
        }
    }

    /** Draws the next user's App, L1 and L2 rows into the given row buffers (52, 23 and 164 values). */
    void user(float[] app, float[] l1, float[] l2) {
        int p = rng.pick(SeededDraws.cumulative(profileWeight));
        int q = rng.pick(SeededDraws.cumulative(profileWeight));
        double alpha = 0.55 + 0.45 * rng.nextDouble();
        double[] share = new double[APP_DIM];
        for (int c = 0; c < APP_DIM; c++) {
            share[c] = (alpha * appProfile[p][c] + (1 - alpha) * appProfile[q][c]) * rng.logNormal(0.5);
        }
        double[] cApp = SeededDraws.cumulative(share);
        int n = (int) StrictMath.min(400, StrictMath.max(1, StrictMath.round(APPS * rng.logNormal(0.75))));
        int[] count = new int[APP_DIM];
        for (int i = 0; i < n; i++) {
            count[rng.pick(cApp)]++;
        }
        for (int c = 0; c < APP_DIM; c++) {
            app[c] = SeededDraws.round(count[c] / (double) n, 4);
        }
        int m = (int) StrictMath.min(200, 1 + StrictMath.floor(ARTICLES * rng.logNormal(0.9)));
        double[] cP = SeededDraws.cumulative(l1Profile[p]);
        double[] cQ = SeededDraws.cumulative(l1Profile[q]);
        double[] cPop = SeededDraws.cumulative(l1Pop);
        double[] weight = new double[L2_DIM];
        for (int i = 0; i < m; i++) {
            int k = rng.nextDouble() < alpha ? p : q;
            int j = rng.pick(rng.nextDouble() < 0.1 ? cPop : k == p ? cP : cQ);
            double[] w = new double[children[j].length];
            for (int r = 0; r < w.length; r++) {
                w[r] = l2Profile[k][children[j][r]];
            }
            int c = children[j][rng.pick(SeededDraws.cumulative(w))];
            weight[c] += rng.articleWeight() / m;
        }
        double[] sum = new double[L1_DIM];
        for (int c = 0; c < L2_DIM; c++) {
            float v = SeededDraws.round(weight[c], 4);
            l2[c] = v;
            sum[parent[c]] += v;
        }
        for (int j = 0; j < L1_DIM; j++) {
            l1[j] = SeededDraws.round(sum[j], 5);
        }
    }
}
