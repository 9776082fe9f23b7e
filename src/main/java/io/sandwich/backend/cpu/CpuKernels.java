package io.sandwich.backend.cpu;

import io.sandwich.backend.AdamConfig;
import io.sandwich.backend.LossKind;
import java.nio.FloatBuffer;

/**
 * The fused elementwise passes of the CPU backend, each a single loop over direct buffers. The arithmetic
 * follows PyTorch's float32 order of operations where the parity tests compare against it (Adam in particular).
 */
final class CpuKernels {
    private CpuKernels() {
    }

    static void addBias(FloatBuffer z, int rows, int cols, FloatBuffer bias, boolean relu) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                float v = z.get(base + c) + bias.get(c);
                z.put(base + c, relu && v < 0f ? 0f : v);
            }
        }
    }

    static void reluBackward(FloatBuffer grad, FloatBuffer out, int n) {
        for (int i = 0; i < n; i++) {
            if (!(out.get(i) > 0f)) {
                grad.put(i, 0f);
            }
        }
    }

    static void biasGradient(FloatBuffer grad, int rows, int cols, float beta, FloatBuffer dbias, double[] acc) {
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                acc[c] += grad.get(base + c);
            }
        }
        for (int c = 0; c < cols; c++) {
            float old = beta == 0f ? 0f : beta * dbias.get(c);
            dbias.put(c, (float) acc[c] + old);
        }
    }

    /** A uniform float in [0, 1) from a counter-based hash (SplitMix64 finaliser) of (seed, counter, index). */
    static float uniform(long seed, long counter, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (counter + 1) + 0xBF58476D1CE4E5B9L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 40) * 0x1.0p-24f;
    }

    static void dropout(FloatBuffer x, FloatBuffer mask, int n, float p, long seed, long counter) {
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            float m = uniform(seed, counter, i) >= p ? keep : 0f;
            mask.put(i, m);
            x.put(i, x.get(i) * m);
        }
    }

    /** Returns the per-sample sum of the batch loss; writes the gradient when {@code grad != null}. */
    static double loss(LossKind kind, FloatBuffer x, FloatBuffer y, int rows, int cols, float gradScale,
            FloatBuffer grad) {
        double n = (double) rows * cols;
        switch (kind) {
            case MSE: {
                double s = 0;
                float g = (float) (2.0 / n) * gradScale;
                for (int i = 0; i < rows * cols; i++) {
                    float d = x.get(i) - y.get(i);
                    s += (double) d * d;
                    if (grad != null) {
                        grad.put(i, g * d);
                    }
                }
                return s / n * rows;
            }
            case L1: {
                double s = 0;
                float g = (float) (1.0 / n) * gradScale;
                for (int i = 0; i < rows * cols; i++) {
                    float d = x.get(i) - y.get(i);
                    s += Math.abs(d);
                    if (grad != null) {
                        grad.put(i, d > 0 ? g : d < 0 ? -g : 0f);
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
                        float d = x.get(base + c) - y.get(base + c);
                        ySum += y.get(base + c);
                        sq += (double) d * d;
                    }
                    total += ySum * sq;
                    if (grad != null) {
                        float g = (float) (2.0 * ySum) * gradScale;
                        for (int c = 0; c < cols; c++) {
                            grad.put(base + c, g * (x.get(base + c) - y.get(base + c)));
                        }
                    }
                }
                return total;
            }
            case MASKED_ELEMENTWISE: {
                double s = 0;
                for (int i = 0; i < rows * cols; i++) {
                    float t = y.get(i);
                    float d = x.get(i) - t;
                    s += (double) t * d * d;
                    if (grad != null) {
                        grad.put(i, 2f * t * d * gradScale);
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

    private static double softCrossEntropy(FloatBuffer x, FloatBuffer y, int rows, int cols, float gradScale,
            FloatBuffer grad) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            double tSum = 0;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x.get(base + c));
                tSum += y.get(base + c);
            }
            double z = 0;
            for (int c = 0; c < cols; c++) {
                z += Math.exp(x.get(base + c) - max);
            }
            double lse = max + Math.log(z);
            double inv = tSum > 0 ? 1.0 / tSum : 0.0;
            double rowLoss = 0;
            for (int c = 0; c < cols; c++) {
                double t = y.get(base + c) * inv;
                rowLoss -= t * (x.get(base + c) - lse);
                if (grad != null) {
                    double soft = Math.exp(x.get(base + c) - lse);
                    grad.put(base + c, (float) ((soft * (tSum > 0 ? 1.0 : 0.0) - t) / rows) * gradScale);
                }
            }
            total += rowLoss;
        }
        return total; // mean over rows times rows
    }

    /** Adds row hits to counters[0] (top-1) and counters[1] (top-k). */
    static void countCorrect(FloatBuffer pred, FloatBuffer target, int rows, int cols, int k, double[] counts) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            int t = argmax(target, base, cols);
            int p = argmax(pred, base, cols);
            if (p == t) {
                counts[0]++;
            }
            float pt = pred.get(base + t);
            int rank = 0;
            for (int c = 0; c < cols && rank < k; c++) {
                float v = pred.get(base + c);
                if (v > pt || (v == pt && c < t)) {
                    rank++;
                }
            }
            if (rank < k) {
                counts[1]++;
            }
        }
    }

    static int argmax(FloatBuffer b, int base, int cols) {
        int best = 0;
        float bestVal = b.get(base);
        for (int c = 1; c < cols; c++) {
            float v = b.get(base + c);
            if (v > bestVal) {
                best = c;
                bestVal = v;
            }
        }
        return best;
    }

    /** torch.optim.Adam's single-tensor update, float32 arithmetic, bias corrections in double. */
    static void adam(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to,
            AdamConfig cfg, int step) {
        float b1 = cfg.beta1();
        float b2 = cfg.beta2();
        float wd = cfg.weightDecay();
        float eps = cfg.eps();
        double bc1 = 1.0 - Math.pow(b1, step);
        double bc2 = 1.0 - Math.pow(b2, step);
        float stepSize = (float) (cfg.lr() / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float oneMinusB1 = 1f - b1;
        float oneMinusB2 = 1f - b2;
        for (int i = from; i < to; i++) {
            float w = p.get(i);
            float gi = g.get(i);
            if (wd != 0f) {
                gi = gi + w * wd;
            }
            float mi = m.get(i) * b1 + gi * oneMinusB1;
            float vi = v.get(i) * b2 + gi * gi * oneMinusB2;
            m.put(i, mi);
            v.put(i, vi);
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            p.put(i, w - stepSize * (mi / denom));
        }
    }
}
