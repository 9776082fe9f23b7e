package io.sandwich.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CpuKernels}' hot passes written with {@code jdk.incubator.vector}, in place on the tensors' direct memory.
 * Java 17's JIT does not vectorise them on its own (the bit tricks of a branch-free ReLU, a 64-bit hash), and the
 * copies to and from heap arrays that the scalar loops need cost more than the loops themselves. Each gives
 * {@link CpuKernels}' result bit for bit: the same IEEE float operations in the same order, no fused
 * multiply-adds; what does not fill a whole vector runs {@link CpuKernels}' own element functions. Only loaded where
 * the module is present ({@link CpuPasses}).
 */
final class CpuVectorKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** One long per pair of floats, so that a vector of hashes fills one float vector. */
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, F.vectorShape());
    /** As many doubles as {@link #F_HALF} has floats, so that a widening cast keeps the lane count. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F_HALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final LongVector PAIR_LANES = LongVector.zero(L).addIndex(1);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long MIX_INDEX = 0xBF58476D1CE4E5B9L;
    private static final long MIX_1 = 0xBF58476D1CE4E5B9L;
    private static final long MIX_2 = 0x94D049BB133111EBL;

    private CpuVectorKernels() {
    }

    /** Lanes per float vector on this CPU. */
    static int lanes() {
        return F.length();
    }

    /** As {@link CpuKernels#addBias}, on {@code z} [rows, cols] and {@code bias} [cols]. */
    static void addBias(ByteBuffer z, int rows, int cols, ByteBuffer bias, boolean relu) {
        int whole = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = 4 * r * cols;
            for (int c = 0; c < whole; c += F.length()) {
                FloatVector v = FloatVector.fromByteBuffer(F, z, row + 4 * c, ORDER)
                        .add(FloatVector.fromByteBuffer(F, bias, 4 * c, ORDER));
                if (relu) {
                    v = v.blend(0f, v.lt(0f));
                }
                v.intoByteBuffer(z, row + 4 * c, ORDER);
            }
            for (int c = whole; c < cols; c++) {
                float v = z.getFloat(row + 4 * c) + bias.getFloat(4 * c);
                z.putFloat(row + 4 * c, relu ? CpuKernels.relu(v) : v);
            }
        }
    }

    /** As {@link CpuKernels#reluBackward}. */
    static void reluBackward(ByteBuffer grad, ByteBuffer out, int n) {
        int whole = 4 * F.loopBound(n);
        for (int b = 0; b < whole; b += F.vectorByteSize()) {
            VectorMask<Float> off = FloatVector.fromByteBuffer(F, out, b, ORDER).compare(VectorOperators.GT, 0f).not();
            FloatVector.fromByteBuffer(F, grad, b, ORDER).blend(0f, off).intoByteBuffer(grad, b, ORDER);
        }
        for (int b = whole; b < 4 * n; b += 4) {
            grad.putFloat(b, CpuKernels.reluGrad(grad.getFloat(b), out.getFloat(b)));
        }
    }

    /** As {@link CpuKernels#multiply}. */
    static void multiply(ByteBuffer x, ByteBuffer y, int n) {
        int whole = 4 * F.loopBound(n);
        for (int b = 0; b < whole; b += F.vectorByteSize()) {
            FloatVector.fromByteBuffer(F, x, b, ORDER).mul(FloatVector.fromByteBuffer(F, y, b, ORDER))
                    .intoByteBuffer(x, b, ORDER);
        }
        for (int b = whole; b < 4 * n; b += 4) {
            x.putFloat(b, x.getFloat(b) * y.getFloat(b));
        }
    }

    /**
     * As {@link CpuKernels#biasGradient}, on {@code grad} [rows, cols] into {@code dbias} [cols]: each column summed
     * in doubles down the rows, in row order.
     */
    static void biasGradient(ByteBuffer grad, int rows, int cols, float beta, ByteBuffer dbias, double[] acc) {
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        int whole = D.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = 4 * r * cols;
            for (int c = 0; c < whole; c += D.length()) {
                DoubleVector g = (DoubleVector) FloatVector.fromByteBuffer(F_HALF, grad, row + 4 * c, ORDER)
                        .convertShape(VectorOperators.F2D, D, 0);
                DoubleVector.fromArray(D, acc, c).add(g).intoArray(acc, c);
            }
            for (int c = whole; c < cols; c++) {
                acc[c] += grad.getFloat(row + 4 * c);
            }
        }
        for (int c = 0; c < cols; c++) {
            float old = beta == 0f ? 0f : beta * dbias.getFloat(4 * c);
            dbias.putFloat(4 * c, (float) acc[c] + old);
        }
    }

    /**
     * As {@link CpuKernels#dropout} over {@code [from, to)} ({@code from} even): a vector of pair hashes at a time,
     * each lane's two 24-bit draws compared as integers with the smallest draw that the scalar float comparison
     * keeps (the draws are exact on the 2^-24 grid), and the two mask values of lane {@code j} written into the
     * low and high halves of one long, which are floats {@code 2j} and {@code 2j + 1} once reinterpreted.
     */
    static void dropout(ByteBuffer x, ByteBuffer mask, int from, int to, float p, long seed, long counter) {
        float keep = 1f / (1f - p);
        long threshold = (long) Math.ceil(p * 0x1.0p24);
        long keepLow = Float.floatToRawIntBits(keep) & 0xFFFFFFFFL;
        long keepHigh = keepLow << 32;
        long key = seed + 0x9E3779B97F4A7C15L * (counter + 1) + MIX_INDEX; // CounterHash's sum at pair 0
        LongVector zero = LongVector.zero(L);
        int i = from;
        for (; i + F.length() <= to; i += F.length()) {
            LongVector z = PAIR_LANES.add(i >>> 1).mul(MIX_INDEX).add(key);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(MIX_1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(MIX_2);
            LongVector h = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            VectorMask<Long> keep0 = h.lanewise(VectorOperators.LSHR, 40).compare(VectorOperators.GE, threshold);
            VectorMask<Long> keep1 = h.lanewise(VectorOperators.LSHR, 8).and(0xFFFFFFL)
                    .compare(VectorOperators.GE, threshold);
            FloatVector m = zero.blend(keepLow, keep0).or(zero.blend(keepHigh, keep1)).reinterpretAsFloats();
            m.intoByteBuffer(mask, 4 * i, ORDER);
            FloatVector.fromByteBuffer(F, x, 4 * i, ORDER).mul(m).intoByteBuffer(x, 4 * i, ORDER);
        }
        for (; i < to; i++) {
            float m = CpuKernels.maskValue(CpuKernels.draw(CpuKernels.bits(seed, counter, i >>> 1), i), p, keep);
            mask.putFloat(4 * i, m);
            x.putFloat(4 * i, x.getFloat(4 * i) * m);
        }
    }

    /**
     * As {@link CpuKernels#adam}, on elements {@code [from, from + len)} of the parameters {@code p}, gradients
     * {@code g} and moments {@code m}, {@code v}.
     */
    static void adam(CpuTensor p, CpuTensor g, CpuTensor m, CpuTensor v, int from, int len,
            CpuKernels.AdamScalars s) {
        ByteBuffer pb = p.bytes();
        ByteBuffer gb = g.bytes();
        ByteBuffer mb = m.bytes();
        ByteBuffer vb = v.bytes();
        int whole = F.loopBound(len);
        for (int i = 0; i < whole; i += F.length()) {
            int b = 4 * (from + i);
            FloatVector w = FloatVector.fromByteBuffer(F, pb, b, ORDER);
            FloatVector gi = FloatVector.fromByteBuffer(F, gb, b, ORDER).add(w.mul(s.wd()));
            FloatVector mi = FloatVector.fromByteBuffer(F, mb, b, ORDER).mul(s.b1()).add(gi.mul(s.oneMinusB1()));
            FloatVector vi = FloatVector.fromByteBuffer(F, vb, b, ORDER).mul(s.b2())
                    .add(gi.mul(gi).mul(s.oneMinusB2()));
            mi.intoByteBuffer(mb, b, ORDER);
            vi.intoByteBuffer(vb, b, ORDER);
            FloatVector denom = vi.sqrt().div(s.bc2Sqrt()).add(s.eps());
            w.sub(mi.div(denom).mul(s.stepSize())).intoByteBuffer(pb, b, ORDER);
        }
        CpuKernels.adam(p.buf(), g.buf(), m.buf(), v.buf(), from + whole, from + len, s);
    }
}
