package io.sandwich.data;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decimal numbers parsed from ASCII bytes without a String per token, as every text reader of vector files needs:
 * the result is the float nearest to the decimal, the same as {@link Float#parseFloat}, which is used for the rare
 * tokens near a rounding boundary.
 */
final class Decimals {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    /** Whether bytes {@code s..e} are "0" or "0.0", most tokens of a sparse file. */
    static boolean isZero(byte[] b, int s, int e) {
        return b[s] == '0' && (e - s == 1 || e - s == 3 && b[s + 1] == '.' && b[s + 2] == '0');
    }

    /**
     * The float nearest to the decimal in bytes {@code s..e} (non-empty): an infinity when it is too large for a
     * float, NaN when the bytes are not a decimal number (which includes "nan" and "inf": see {@link #refusal}).
     */
    static float parse(byte[] b, int s, int e) {
        int i = s;
        if (b[i] == '+' || b[i] == '-') {
            i++;
        }
        long mant = 0;
        int sig = 0;
        int exp10 = 0;
        boolean anyDigit = false;
        boolean lossy = false;
        boolean fraction = false;
        for (; i < e; i++) {
            if (b[i] == '.' && !fraction) {
                fraction = true;
                continue;
            }
            if (b[i] < '0' || b[i] > '9') {
                break;
            }
            anyDigit = true;
            int d = b[i] - '0';
            if (sig < 18) {
                if (mant != 0 || d != 0) {
                    mant = mant * 10 + d;
                    sig++;
                }
                exp10 -= fraction ? 1 : 0;
            } else {
                exp10 += fraction ? 0 : 1;
                lossy |= d != 0;
            }
        }
        if (anyDigit && i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                negExp = b[i] == '-';
                i++;
            }
            int ex = 0;
            int expStart = i;
            for (; i < e && b[i] >= '0' && b[i] <= '9'; i++) {
                ex = Math.min(ex * 10 + (b[i] - '0'), 100_000);
            }
            if (i == expStart) {
                anyDigit = false;
            }
            exp10 += negExp ? -ex : ex;
        }
        if (!anyDigit || i != e) {
            return Float.NaN;
        }
        if (mant == 0) {
            return 0f;
        }
        float f = lossy ? Float.NaN : fastValue(mant, exp10);
        if (Float.isNaN(f)) {
            return Float.parseFloat(new String(b, s, e - s, StandardCharsets.US_ASCII));
        }
        return b[s] == '-' ? -f : f;
    }

    /** The float nearest to mant * 10^exp10, or NaN when that cannot be decided cheaply. */
    private static float fastValue(long mant, int exp10) {
        if (exp10 < -22 || exp10 > 22) {
            return Float.NaN;
        }
        double d = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
        float f = (float) d;
        if (Float.isInfinite(f) || f < Float.MIN_NORMAL) {
            return Float.NaN;
        }
        // d is within a few double ulps of the exact value; f is right unless a float midpoint lies that close
        double slack = 8 * Math.ulp(d);
        double lo = ((double) f + (double) Math.nextDown(f)) / 2;
        double hi = ((double) f + (double) Math.nextUp(f)) / 2;
        if (Math.abs(d - lo) <= slack || Math.abs(d - hi) <= slack) {
            return Float.NaN;
        }
        return f;
    }

    /**
     * What a reader says of bytes {@code s..e} that {@link #parse} did not turn into a finite float, e.g.
     * {@code expected a decimal number, found "abc"}.
     */
    static String refusal(byte[] b, int s, int e, float parsed) {
        if (Float.isInfinite(parsed)) {
            return "expected a finite number, found " + token(b, s, e) + " (too large for a float)";
        }
        int i = s + ((b[s] == '+' || b[s] == '-') ? 1 : 0);
        String word = new String(b, i, e - i, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        if (word.equals("nan") || word.equals("inf") || word.equals("infinity")) {
            return "expected a finite number, found " + token(b, s, e);
        }
        return "expected a decimal number, found \"" + token(b, s, e) + "\"";
    }

    /** Bytes {@code s..e} as text for a message, cut at 40 bytes. */
    static String token(byte[] b, int s, int e) {
        String t = new String(b, s, Math.min(e - s, 40), StandardCharsets.UTF_8);
        return e - s > 40 ? t + "..." : t;
    }
}
