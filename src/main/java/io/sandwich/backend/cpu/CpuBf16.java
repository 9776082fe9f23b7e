package io.sandwich.backend.cpu;

import io.sandwich.backend.BackendException;
import java.nio.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * The CPU's bf16 products ({@code --bf16}), on oneDNN: each operand of a dense product is rounded to bf16 (nearest
 * even) by a oneDNN reorder into a scratch buffer, and oneDNN's matmul multiplies them with fp32 accumulation into
 * the fp32 result, adding the old result for {@code beta = 1}. Weights, gradients and Adam's moments stay fp32.
 * oneDNN runs on its OpenMP threads: all cores, or {@code OMP_NUM_THREADS}. One primitive set per product shape is
 * made at its first call and reused; a step allocates nothing.
 */
final class CpuBf16 implements AutoCloseable {
    private final dnnl_engine engine;
    private final dnnl_stream stream;
    private final Map<Shape, Product> products = new HashMap<>();
    private final List<Pointer> owned = new ArrayList<>();
    private final String implementation;

    /** A product's shape: C [m, n] (+)= op(A) [m, k] . op(B) [k, n]. */
    private record Shape(int m, int n, int k, boolean transA, boolean transB, boolean accumulate) {
    }

    /**
     * Opens oneDNN on the CPU.
     *
     * @throws BackendException with {@link #unavailableReason()}'s sentence where this CPU or class path lacks it
     */
    CpuBf16() {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            throw new BackendException("bf16 products: " + why.get());
        }
        engine = new dnnl_engine();
        stream = new dnnl_stream();
        check(dnnl.dnnl_engine_create(engine, dnnl.dnnl_cpu, 0), "creating the oneDNN CPU engine");
        check(dnnl.dnnl_stream_create(stream, engine, dnnl.dnnl_stream_default_flags), "creating a oneDNN stream");
        implementation = new Product(new Shape(16, 16, 16, false, false, false)).implementation;
        if (implementation.startsWith("ref")) {
            close();
            throw new BackendException("bf16 products: oneDNN has only its reference matmul (" + implementation
                    + ") for this CPU; train in fp32 without it");
        }
    }

    /**
     * Why this CPU has no bf16 products, or empty; a oneDNN that does not load throws its {@link LinkageError}, which
     * {@link CpuGemm} turns into the sentence.
     */
    static Optional<String> unavailableReason() {
        return reasonFor(dnnl.dnnl_get_effective_cpu_isa());
    }

    /** Why a CPU of oneDNN ISA {@code isa} (a {@code dnnl_cpu_isa_t} bit set) has no bf16 dot products, or empty. */
    static Optional<String> reasonFor(int isa) {
        int bf16 = dnnl.dnnl_cpu_isa_avx512_core_bf16;
        return (isa & bf16) == bf16 ? Optional.empty() : Optional.of("this CPU has neither AVX512-BF16 nor AMX"
                + " (oneDNN ISA 0x" + Integer.toHexString(isa) + "); train in fp32 without it");
    }

    /** oneDNN's version and the ISA it runs, e.g. {@code 3.11.0 (ISA 0xe7, brg_matmul:avx512_core_bf16)}. */
    String describe() {
        dnnl_version_t v = dnnl.dnnl_version();
        return v.major() + "." + v.minor() + "." + v.patch() + " (ISA 0x" + Integer.toHexString(
                dnnl.dnnl_get_effective_cpu_isa()) + ", " + implementation + ")";
    }

    /** C [m, n] = op(A) . op(B) + beta C with bf16 operands, fp32 accumulation; alpha 1, beta 0 or 1. */
    void gemm(boolean transA, boolean transB, float alpha, CpuTensor a, CpuTensor b, float beta, CpuTensor c, int k) {
        if (alpha != 1f || beta != 0f && beta != 1f) {
            throw new BackendException("gemm: bf16 products take alpha 1 and beta 0 or 1, found " + alpha + " and "
                    + beta);
        }
        Shape s = new Shape(c.rows(), c.cols(), k, transA, transB, beta != 0f);
        Product p = products.get(s);
        if (p == null) {
            p = new Product(s);
            products.put(s, p);
        }
        p.run(a.buf(), b.buf(), c.buf());
    }

    /** The reorders and the matmul of one shape, with their memories; the fp32 ones point at each call's tensors. */
    private final class Product {
        private final dnnl_primitive toBf16A;
        private final dnnl_primitive toBf16B;
        private final dnnl_primitive matmul;
        private final dnnl_memory a32;
        private final dnnl_memory b32;
        private final dnnl_memory c32;
        private final dnnl_exec_arg_t argsA;
        private final dnnl_exec_arg_t argsB;
        private final dnnl_exec_arg_t argsMatmul;
        private final Address at = new Address();
        private final String implementation;

        Product(Shape s) {
            dnnl_memory_desc a32d = desc(s.m, s.k, s.transA, dnnl.dnnl_f32);
            dnnl_memory_desc a16d = desc(s.m, s.k, s.transA, dnnl.dnnl_bf16);
            dnnl_memory_desc b32d = desc(s.k, s.n, s.transB, dnnl.dnnl_f32);
            dnnl_memory_desc b16d = desc(s.k, s.n, s.transB, dnnl.dnnl_bf16);
            dnnl_memory_desc c32d = desc(s.m, s.n, false, dnnl.dnnl_f32);
            a32 = memory(a32d, null);
            b32 = memory(b32d, null);
            c32 = memory(c32d, null);
            dnnl_memory a16 = memory(a16d, own(new ShortPointer(Math.max(1L, (long) s.m * s.k))));
            dnnl_memory b16 = memory(b16d, own(new ShortPointer(Math.max(1L, (long) s.k * s.n))));
            toBf16A = reorder(a32d, a16d);
            toBf16B = reorder(b32d, b16d);
            dnnl_primitive_attr attr = own(new dnnl_primitive_attr());
            check(dnnl.dnnl_primitive_attr_create(attr), "creating a matmul's attributes");
            if (s.accumulate) {
                dnnl_post_ops ops = own(new dnnl_post_ops());
                check(dnnl.dnnl_post_ops_create(ops), "creating a matmul's post-ops");
                check(dnnl.dnnl_post_ops_append_sum(ops, 1f, 0, dnnl.dnnl_data_type_undef), "adding to a result");
                check(dnnl.dnnl_primitive_attr_set_post_ops(attr, ops), "setting a matmul's post-ops");
            }
            dnnl_primitive_desc pd = own(new dnnl_primitive_desc());
            check(dnnl.dnnl_matmul_primitive_desc_create(pd, engine, a16d, b16d, null, c32d, attr),
                    "describing a bf16 matmul " + s);
            PointerPointer<?> impl = own(new PointerPointer<>(1));
            check(dnnl.dnnl_primitive_desc_query(pd, dnnl.dnnl_query_impl_info_str, 0, impl), "naming the matmul");
            implementation = impl.getString(0);
            matmul = primitive(pd);
            argsA = args(dnnl.DNNL_ARG_FROM, a32, dnnl.DNNL_ARG_TO, a16);
            argsB = args(dnnl.DNNL_ARG_FROM, b32, dnnl.DNNL_ARG_TO, b16);
            argsMatmul = own(new dnnl_exec_arg_t(3));
            argsMatmul.position(0).arg(dnnl.DNNL_ARG_SRC).memory(a16);
            argsMatmul.position(1).arg(dnnl.DNNL_ARG_WEIGHTS).memory(b16);
            argsMatmul.position(2).arg(dnnl.DNNL_ARG_DST).memory(c32);
            argsMatmul.position(0);
        }

        void run(Buffer a, Buffer b, Buffer c) {
            check(dnnl.dnnl_memory_set_data_handle(a32, at.of(a)), "pointing a product at its left operand");
            check(dnnl.dnnl_memory_set_data_handle(b32, at.of(b)), "pointing a product at its right operand");
            check(dnnl.dnnl_memory_set_data_handle(c32, at.of(c)), "pointing a product at its result");
            check(dnnl.dnnl_primitive_execute(toBf16A, stream, 2, argsA), "rounding a left operand to bf16");
            check(dnnl.dnnl_primitive_execute(toBf16B, stream, 2, argsB), "rounding a right operand to bf16");
            check(dnnl.dnnl_primitive_execute(matmul, stream, 3, argsMatmul), "a bf16 matmul");
            check(dnnl.dnnl_stream_wait(stream), "waiting for a bf16 matmul");
        }
    }

    /** A row-major [rows, cols] operand, read as its transpose ([cols, rows] stored) when {@code trans}. */
    private dnnl_memory_desc desc(int rows, int cols, boolean trans, int type) {
        dnnl_memory_desc d = own(new dnnl_memory_desc());
        int tag = trans ? dnnl.dnnl_ba : dnnl.dnnl_ab;
        check(dnnl.dnnl_memory_desc_create_with_tag(d, 2, new long[] {rows, cols}, type, tag),
                "describing a [" + rows + ", " + cols + "] operand");
        return d;
    }

    private dnnl_memory memory(dnnl_memory_desc d, Pointer data) {
        dnnl_memory m = own(new dnnl_memory());
        check(dnnl.dnnl_memory_create(m, d, engine, data == null ? new Pointer() : data), "creating a memory");
        return m;
    }

    private dnnl_primitive reorder(dnnl_memory_desc from, dnnl_memory_desc to) {
        dnnl_primitive_desc pd = own(new dnnl_primitive_desc());
        check(dnnl.dnnl_reorder_primitive_desc_create(pd, from, engine, to, engine, null), "describing an fp32 to bf16"
                + " reorder");
        return primitive(pd);
    }

    private dnnl_primitive primitive(dnnl_primitive_desc pd) {
        dnnl_primitive p = own(new dnnl_primitive());
        check(dnnl.dnnl_primitive_create(p, pd), "creating a oneDNN primitive");
        return p;
    }

    private dnnl_exec_arg_t args(int k0, dnnl_memory m0, int k1, dnnl_memory m1) {
        dnnl_exec_arg_t a = own(new dnnl_exec_arg_t(2));
        a.position(0).arg(k0).memory(m0);
        a.position(1).arg(k1).memory(m1);
        return a.position(0);
    }

    private <P extends Pointer> P own(P p) {
        owned.add(p);
        return p;
    }

    private static void check(int status, String what) {
        if (status != dnnl.dnnl_success) {
            throw new BackendException(what + " failed in oneDNN (status " + status + ")");
        }
    }

    /** Frees the primitives and memories, then the stream and the engine. */
    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            Pointer p = owned.get(i);
            if (p instanceof dnnl_primitive x) {
                dnnl.dnnl_primitive_destroy(x);
            } else if (p instanceof dnnl_memory x) {
                dnnl.dnnl_memory_destroy(x);
            } else if (p instanceof dnnl_primitive_desc x) {
                dnnl.dnnl_primitive_desc_destroy(x);
            } else if (p instanceof dnnl_memory_desc x) {
                dnnl.dnnl_memory_desc_destroy(x);
            } else if (p instanceof dnnl_primitive_attr x) {
                dnnl.dnnl_primitive_attr_destroy(x);
            } else if (p instanceof dnnl_post_ops x) {
                dnnl.dnnl_post_ops_destroy(x);
            } else {
                p.close();
            }
        }
        owned.clear();
        products.clear();
        dnnl.dnnl_stream_destroy(stream);
        dnnl.dnnl_engine_destroy(engine);
    }

    /** A pointer that is moved to a direct buffer's address without allocating. */
    private static final class Address extends Pointer {
        Address of(Buffer b) {
            address = getDirectBufferAddress(b);
            return this;
        }
    }
}
