package io.sandwich.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.backend.BackendException;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CPU's bf16 products: each equals the fp32 product of the operands rounded to bf16 (up to fp32 accumulation
 * order), in every transpose, accumulating and on views; and a CPU without them is refused with a sentence. Where
 * this machine has none, the refusal is what is checked.
 */
class CpuBf16Test {
    private static final int AVX512_CORE = 0x27;
    private static final int AVX512_CORE_BF16 = 0xe7;
    private static final int AVX512_CORE_AMX = 0x3e7;

    @Test
    void onlyCpusWithBf16DotProductsQualify() {
        assertEquals(Optional.empty(), CpuBf16.reasonFor(AVX512_CORE_BF16));
        assertEquals(Optional.empty(), CpuBf16.reasonFor(AVX512_CORE_AMX));
        String why = CpuBf16.reasonFor(AVX512_CORE).orElseThrow();
        assertTrue(why.startsWith("this CPU has neither AVX512-BF16 nor AMX (oneDNN ISA 0x27)"), why);
    }

    @Test
    void bf16ProductsAreTheFp32ProductsOfRoundedOperands() {
        Optional<String> why = CpuBf16.unavailableReason();
        if (why.isPresent()) {
            BackendException e = assertThrows(BackendException.class, () -> new CpuBackend(1, true, true));
            assertEquals("bf16 products: " + why.get(), e.getMessage());
            return;
        }
        try (CpuBackend fp32 = new CpuBackend(0); CpuBackend bf16 = new CpuBackend(0, true, true)) {
            assertTrue(bf16.info().libraries().get("onednn").contains("bf16"), bf16.info().toString());
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 1f}) {
                        compare(fp32, bf16, ta, tb, beta);
                    }
                }
            }
        }
    }

    /** C [37, 29] (+)= op(A) [37, 53] . op(B) [53, 29], A a view past the start of a larger tensor. */
    private static void compare(CpuBackend fp32, CpuBackend bf16, boolean ta, boolean tb, float beta) {
        int m = 37;
        int n = 29;
        int k = 53;
        SplittableRandom r = new SplittableRandom(7);
        float[] a = CpuProducts.random(r, m * k);
        float[] b = CpuProducts.random(r, k * n);
        float[] c0 = CpuProducts.random(r, m * n);
        float[] want = CpuProducts.run(fp32, ta, tb, 1f, round(a), round(b), c0, beta, m, n, k, 5);
        float[] got = CpuProducts.run(bf16, ta, tb, 1f, a, b, c0, beta, m, n, k, 5);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5f * (1 + Math.abs(want[i])), "element " + i + " of ta=" + ta + " tb="
                    + tb + " beta=" + beta);
        }
    }

    /** Each value rounded to bf16, to nearest even, as oneDNN's reorder does. */
    private static float[] round(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int bits = Float.floatToRawIntBits(x[i]);
            y[i] = Float.intBitsToFloat((bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000);
        }
        return y;
    }
}
