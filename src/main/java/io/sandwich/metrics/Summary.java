package io.sandwich.metrics;

import java.util.Locale;

/**
 * Mean and sample standard deviation of a few values (one per seed).
 *
 * @param n number of values
 * @param mean their mean
 * @param std sample standard deviation (n - 1 in the denominator; 0 for a single value)
 */
public record Summary(int n, double mean, double std) {
    /** Summarises the values. */
    public static Summary of(double... values) {
        int n = values.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Summary(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0);
    }

    /** "0.245 +- 0.012", or "0.245" for a single value. */
    public String format() {
        if (n == 0) {
            return "n/a";
        }
        return n == 1 ? String.format(Locale.ROOT, "%.3f", mean)
                : String.format(Locale.ROOT, "%.3f +- %.3f", mean, std);
    }
}
