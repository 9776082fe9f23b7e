package io.sandwich.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random draws for {@link SyntheticData} that depend only on the seed: {@link StrictMath} throughout. */
final class SeededDraws {
    private final SplittableRandom random;

    SeededDraws(SplittableRandom random) {
        this.random = random;
    }

    double nextDouble() {
        return random.nextDouble();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    long nextLong() {
        return random.nextLong();
    }

    /** {@code x} rounded to {@code digits} significant decimal digits. */
    static float round(double x, int digits) {
        if (x == 0) {
            return 0f;
        }
        int exp = (int) StrictMath.floor(StrictMath.log10(x));
        double scale = StrictMath.pow(10, digits - 1 - exp);
        return (float) (StrictMath.rint(x * scale) / scale);
    }

    double logNormal(double sigma) {
        // Box-Muller with StrictMath, so the values do not depend on the JVM
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        double z = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
        return StrictMath.exp(sigma * z);
    }

    /** How much one article counts: mostly near 1, sometimes small, as in the seed's L1 values. */
    double articleWeight() {
        double u = random.nextDouble();
        return random.nextDouble() < 0.15 ? 0.001 + 0.1 * u : StrictMath.pow(u, 0.2);
    }

    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a);
        return a;
    }

    void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int o = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[o];
            a[o] = t;
        }
    }

    static double[] normalise(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] /= s;
        }
        return a;
    }

    static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i];
            c[i] = s;
        }
        return c;
    }

    /** An index drawn with probability proportional to the increments of the cumulative weights {@code c}. */
    int pick(double[] c) {
        double x = random.nextDouble() * c[c.length - 1];
        int i = Arrays.binarySearch(c, x);
        i = i >= 0 ? i + 1 : -i - 1;
        while (i < c.length - 1 && c[i] <= x) {
            i++;
        }
        return StrictMath.min(i, c.length - 1);
    }
}
