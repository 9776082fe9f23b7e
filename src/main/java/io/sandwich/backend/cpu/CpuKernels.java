package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.CounterHash;
import io.sandwich.backend.LossKind;
import java.nio.FloatBuffer;

/**
 * The fused elementwise passes of the CPU backend, each a single loop over heap arrays (the backend copies direct
 * buffers in and out in bulk; Adam runs on the buffers themselves). The arithmetic follows PyTorch's float32 order
 * of operations where the parity tests compare against it (Adam in particular).
 * Where {@code jdk.incubator.vector} is loaded, the hot ones run as {@link CpuVectorKernels} instead, to the same
 * bits ({@link CpuPasses}).
 */
final class CpuKernels {
    private CpuKernels() {
    }

    /** Writes the transpose of row-major {@code a} [rows, cols] into {@code dst} [cols, rows]; returns dst. */
    static float[] transpose(float[] a, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = a[base + c];
            }
        }
        return dst;
    }

    /** {@code y[yOff ..+ n] += alpha * x[xOff ..+ n]}. */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** {@code z[r][c] += bias[c]}, then, with {@code relu}, {@code v < 0 ? 0 : v} (so -0 and NaN stay). */
    static void addBias(float[] z, int rows, int cols, float[] bias, boolean relu) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            if (!relu) {
                for (int c = 0; c < cols; c++) {
                    z[base + c] += bias[c];
                }
                continue;
            }
            for (int c = 0; c < cols; c++) {
                z[base + c] = relu(z[base + c] + bias[c]);
            }
        }
    }

    /**
     * {@code v < 0f ? 0f : v} without a branch (a data-dependent branch mispredicts on half the activations, and
     * blocks vectorising): v < 0 exactly when its bits, as an int, lie in (MIN_VALUE, bits of -infinity], which
     * leaves -0 and the NaNs alone.
     */
    static float relu(float v) {
        int bits = Float.floatToRawIntBits(v);
        int t = bits - (Integer.MIN_VALUE + 1); // (MIN_VALUE, -inf] maps onto [0, 0x7F7FFFFF]
        int negative = (~t & ~(0x7F7FFFFF - t)) >> 31; // all ones when 0 <= t <= 0x7F7FFFFF
        return Float.intBitsToFloat(bits & ~negative);
    }

    /**
     * {@code grad[i] = out[i] > 0 ? grad[i] : 0}, so a NaN output zeroes its gradient as on the GPU; as a bit mask,
     * which vectorises where the ternary does not: out > 0 exactly when its bits less one, as an int, lie in
     * [0, 0x7F7FFFFF] (the positive floats up to infinity, no NaN).
     */
    static void reluBackward(float[] grad, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            grad[i] = reluGrad(grad[i], out[i]);
        }
    }

    /** One element of {@link #reluBackward}. */
    static float reluGrad(float grad, float out) {
        int t = Float.floatToRawIntBits(out) - 1;
        int keep = (~t & ~(0x7F7FFFFF - t)) >> 31;
        return Float.intBitsToFloat(Float.floatToRawIntBits(grad) & keep);
    }

    /** {@code x[i] *= y[i]}. */
    static void multiply(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] *= y[i];
        }
    }

    static void biasGradient(float[] grad, int rows, int cols, float beta, float[] dbias, double[] acc) {
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                acc[c] += grad[base + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            float old = beta == 0f ? 0f : beta * dbias[c];
            dbias[c] = (float) acc[c] + old;
        }
    }

    /**
     * 64 random bits of {@link CounterHash} for (seed, counter, pair); element {@code 2k} of a dropout mask uses the
     * high 24 bits of pair {@code k}, element {@code 2k+1} bits 8..31, each a uniform float in [0, 1) on a 2^-24
     * grid. A GPU kernel computes the same from the same key.
     */
    static long bits(long seed, long counter, long pair) {
        return CounterHash.bits(seed, counter, pair);
    }

    /** Dropout over elements {@code [from, to)}; {@code from} must be even. */
    static void dropout(float[] x, float[] mask, int from, int to, float p, long seed, long counter) {
        float keep = 1f / (1f - p);
        for (int i = from; i < to; i += 2) {
            long h = bits(seed, counter, i >>> 1);
            float m0 = maskValue(h >>> 40, p, keep);
            mask[i] = m0;
            x[i] = x[i] * m0;
            if (i + 1 < to) {
                float m1 = maskValue((h >>> 8) & 0xFFFFFF, p, keep);
                mask[i + 1] = m1;
                x[i + 1] = x[i + 1] * m1;
            }
        }
    }

    /** Element {@code i}'s 24-bit draw from its pair's hash {@code h}. */
    static long draw(long h, int i) {
        return (i & 1) == 0 ? h >>> 40 : (h >>> 8) & 0xFFFFFF;
    }

    /** The mask value of a 24-bit draw: {@code keep} where the draw, as a float in [0, 1), is at least p. */
    static float maskValue(long draw, float p, float keep) {
        return draw * 0x1.0p-24f >= p ? keep : 0f;
    }

    /** Returns the per-sample sum of the batch loss; writes the gradient when {@code grad != null}. */
    static double loss(LossKind kind, float[] x, float[] y, int rows, int cols, float gradScale,
            float[] grad) {
        double n = (double) rows * cols;
        if (n == 0) {
            return 0; // a sum over no rows (a mean would be 0 / 0)
        }
        switch (kind) {
            case MSE: {
                double s = 0;
                float g = (float) (2.0 / n) * gradScale;
                for (int i = 0; i < rows * cols; i++) {
                    float d = x[i] - y[i];
                    s += (double) d * d;
                    if (grad != null) {
                        grad[i] = g * d;
                    }
                }
                return s / n * rows;
            }
            case L1: {
                double s = 0;
                float g = (float) (1.0 / n) * gradScale;
                for (int i = 0; i < rows * cols; i++) {
                    float d = x[i] - y[i];
                    s += Math.abs(d);
                    if (grad != null) {
                        grad[i] = d > 0 ? g : d < 0 ? -g : 0f;
                    }
                }
                return s / n * rows;
            }
            case MASKED: {
                double total = 0;
                for (int r = 0; r < rows; r++) {
                    int base = r * cols;
                    double ySum = 0;
                    double sq = 0;
                    for (int c = 0; c < cols; c++) {
                        float d = x[base + c] - y[base + c];
                        ySum += y[base + c];
                        sq += (double) d * d;
                    }
                    total += ySum * sq;
                    if (grad != null) {
                        float g = (float) (2.0 * ySum) * gradScale;
                        for (int c = 0; c < cols; c++) {
                            grad[base + c] = g * (x[base + c] - y[base + c]);
                        }
                    }
                }
                return total;
            }
            case MASKED_ELEMENTWISE: {
                double s = 0;
                for (int i = 0; i < rows * cols; i++) {
                    float t = y[i];
                    float d = x[i] - t;
                    s += (double) t * d * d;
                    if (grad != null) {
                        grad[i] = 2f * t * d * gradScale;
                    }
                }
                return s;
            }
            case SOFT_CE:
                return softCrossEntropy(x, y, rows, cols, gradScale, grad);
            default:
                throw new IllegalStateException("unhandled loss " + kind);
        }
    }

    private static double softCrossEntropy(float[] x, float[] y, int rows, int cols, float gradScale,
            float[] grad) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            double tSum = 0;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[base + c]);
                tSum += y[base + c];
            }
            double z = 0;
            for (int c = 0; c < cols; c++) {
                z += Math.exp(x[base + c] - max);
            }
            double lse = max + Math.log(z);
            double inv = tSum > 0 ? 1.0 / tSum : 0.0;
            double rowLoss = 0;
            for (int c = 0; c < cols; c++) {
                double t = y[base + c] * inv;
                rowLoss -= t * (x[base + c] - lse);
                if (grad != null) {
                    double soft = Math.exp(x[base + c] - lse);
                    grad[base + c] = (float) ((soft * (tSum > 0 ? 1.0 : 0.0) - t) / rows) * gradScale;
                }
            }
            total += rowLoss;
        }
        return total; // mean over rows times rows
    }

    /** Adds row hits to counters[0] (top-1) and counters[1] (top-k). */
    static void countCorrect(float[] pred, float[] target, int rows, int cols, int k, double[] counts) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            int t = argmax(target, base, cols);
            int p = argmax(pred, base, cols);
            if (p == t) {
                counts[0]++;
            }
            float pt = pred[base + t];
            int rank = 0;
            for (int c = 0; c < cols && rank < k; c++) {
                float v = pred[base + c];
                if (v > pt || (v == pt && c < t)) {
                    rank++;
                }
            }
            if (rank < k) {
                counts[1]++;
            }
        }
    }

    static int argmax(float[] b, int base, int cols) {
        int best = 0;
        float bestVal = b[base];
        for (int c = 1; c < cols; c++) {
            float v = b[base + c];
            if (v > bestVal) {
                best = c;
                bestVal = v;
            }
        }
        return best;
    }

    /**
     * torch.optim.Adam's single-tensor update in float32 (bias corrections in double, {@link AdamScalars}) on
     * elements {@code [from, to)}: the parameters {@code p} and moments {@code m}, {@code v} in place, from the
     * gradients {@code g}.
     */
    static void adam(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to, AdamScalars s) {
        for (int i = from; i < to; i++) {
            float w = p.get(i);
            float gi = g.get(i) + w * s.wd;
            float mi = m.get(i) * s.b1 + gi * s.oneMinusB1;
            float vi = v.get(i) * s.b2 + gi * gi * s.oneMinusB2;
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, w - s.stepSize * (mi / ((float) Math.sqrt(vi) / s.bc2Sqrt + s.eps)));
        }
    }

    /** The float constants of one Adam step, its bias corrections included. */
    record AdamScalars(float b1, float b2, float wd, float eps, float oneMinusB1, float oneMinusB2, float stepSize,
            float bc2Sqrt) {
        static AdamScalars of(AdamConfig cfg, int step) {
            float b1 = cfg.beta1();
            float b2 = cfg.beta2();
            return new AdamScalars(b1, b2, cfg.weightDecay(), cfg.eps(), 1f - b1, 1f - b2,
                    (float) (cfg.lr() / (1.0 - Math.pow(b1, step))), (float) Math.sqrt(1.0 - Math.pow(b2, step)));
        }
    }
}
