import java.util.function.IntSupplier;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The step's dense products of the seed's net at batch 128 in three libraries, alternating rounds in one JVM:
 * OpenBLAS SGEMM (the CPU backend's fp32), oneDNN's fp32 matmul, and oneDNN's bf16 matmul on operands already in
 * bf16 (what --bf16 multiplies, less its reorders). Prints GFLOP/s per round and the implementation oneDNN chose.
 * Started by scripts/bench/gemm-libraries: java gemm-libraries.java THREADS ROUNDS (oneDNN: OMP_NUM_THREADS).
 */
public class GemmLibraries {
    static final dnnl_engine ENGINE = new dnnl_engine();
    static final dnnl_stream STREAM = new dnnl_stream();

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        openblas_nolapack.blas_set_num_threads(threads);
        ok(dnnl.dnnl_engine_create(ENGINE, dnnl.dnnl_cpu, 0));
        ok(dnnl.dnnl_stream_create(STREAM, ENGINE, dnnl.dnnl_stream_default_flags));
        // m, n, k, A transposed, B transposed: forward X.W^T, weight gradient dY^T.X, input gradient dY.W, first layer
        int[][] shapes = {{128, 1024, 1024, 0, 1}, {1024, 1024, 128, 1, 0}, {128, 1024, 1024, 0, 0},
            {128, 1024, 52, 0, 1}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = s[3] == 1, tb = s[4] == 1;
            FloatPointer a = fill(new FloatPointer((long) m * k)), b = fill(new FloatPointer((long) k * n));
            FloatPointer c = new FloatPointer((long) m * n);
            Runnable blas = () -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, m, n, k, 1f, a, ta ? m : k, b,
                    tb ? k : n, 0f, c, n);
            Runnable f32 = matmul(m, n, k, ta, tb, dnnl.dnnl_f32, a, b, c);
            Runnable bf16 = matmul(m, n, k, ta, tb, dnnl.dnnl_bf16, new ShortPointer((long) m * k),
                    new ShortPointer((long) k * n), c);
            double flop = 2.0 * m * n * k;
            System.out.printf("[%d x %d] . [%d x %d]%s%s%n", m, k, k, n, ta ? ", A transposed" : "",
                    tb ? ", B transposed" : "");
            for (int r = 1; r <= rounds; r++) {
                System.out.printf("  round %d: OpenBLAS fp32 %.0f, oneDNN fp32 %.0f, oneDNN bf16 %.0f GFLOP/s%n", r,
                        gflops(blas, flop), gflops(f32, flop), gflops(bf16, flop));
            }
        }
    }

    static Runnable matmul(int m, int n, int k, boolean ta, boolean tb, int type, Pointer a, Pointer b,
            FloatPointer c) {
        dnnl_memory_desc src = desc(m, k, ta, type), wei = desc(k, n, tb, type), dst = desc(m, n, false, dnnl.dnnl_f32);
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        ok(dnnl.dnnl_matmul_primitive_desc_create(pd, ENGINE, src, wei, null, dst, null));
        PointerPointer<?> impl = new PointerPointer<>(1);
        ok(dnnl.dnnl_primitive_desc_query(pd, dnnl.dnnl_query_impl_info_str, 0, impl));
        System.out.println("  oneDNN " + (type == dnnl.dnnl_bf16 ? "bf16" : "fp32") + ": " + impl.getString(0));
        dnnl_primitive p = new dnnl_primitive();
        ok(dnnl.dnnl_primitive_create(p, pd));
        dnnl_exec_arg_t args = new dnnl_exec_arg_t(3);
        args.position(0).arg(dnnl.DNNL_ARG_SRC).memory(memory(src, a));
        args.position(1).arg(dnnl.DNNL_ARG_WEIGHTS).memory(memory(wei, b));
        args.position(2).arg(dnnl.DNNL_ARG_DST).memory(memory(dst, c));
        args.position(0);
        return () -> {
            ok(dnnl.dnnl_primitive_execute(p, STREAM, 3, args));
            ok(dnnl.dnnl_stream_wait(STREAM));
        };
    }

    static dnnl_memory_desc desc(int rows, int cols, boolean trans, int type) {
        dnnl_memory_desc d = new dnnl_memory_desc();
        ok(dnnl.dnnl_memory_desc_create_with_tag(d, 2, new long[] {rows, cols}, type,
                trans ? dnnl.dnnl_ba : dnnl.dnnl_ab));
        return d;
    }

    static dnnl_memory memory(dnnl_memory_desc d, Pointer data) {
        dnnl_memory mem = new dnnl_memory();
        ok(dnnl.dnnl_memory_create(mem, d, ENGINE, data));
        return mem;
    }

    static FloatPointer fill(FloatPointer p) {
        for (long i = 0; i < p.capacity(); i++) {
            p.put(i, (float) Math.sin(i));
        }
        return p;
    }

    /** GFLOP/s of {@code op} over 200 calls after 20 untimed ones. */
    static double gflops(Runnable op, double flop) {
        for (int i = 0; i < 20; i++) {
            op.run();
        }
        long t = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            op.run();
        }
        return flop * 200 / ((System.nanoTime() - t) / 1e9) / 1e9;
    }

    static void ok(int status) {
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN status " + status);
        }
    }
}
