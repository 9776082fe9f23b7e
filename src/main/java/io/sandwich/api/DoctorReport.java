package io.sandwich.api;

import com.google.gson.GsonBuilder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this machine offers sandwich ({@link Sandwich#doctor}): Java, cores, the BLAS, the CPU's vector and native
 * kernels and bf16 products, the CUDA libraries found (or why not), whether the CUDA 13 shim is needed, and what
 * {@code --device auto} would pick and why.
 *
 * @param java the Java runtime's version and vendor
 * @param cores the processors Java sees
 * @param blas the CPU backend's OpenBLAS, as it describes itself
 * @param coretype {@code OPENBLAS_CORETYPE} when the environment forces a core type, else "not set"
 * @param vector what the CPU backend's elementwise passes and Adam use of {@code jdk.incubator.vector}: the float
 *     lanes of its vector kernels, that the native kernels run instead, or why it runs the scalar loops
 * @param nativeKernels the CPU backend's native kernels (Adam and the passes) that the build compiled with gcc, or
 *     why the Java kernels run instead (to the same bits)
 * @param bf16 whether the CPU backend can multiply in bf16 ({@code --bf16}): oneDNN and the ISA it uses, or why not
 * @param cudaLibraries each CUDA library JCuda's natives load, by soname: its path, or "not found"
 * @param shim whether the CUDA 13 shim is needed, and whether it is in front
 * @param gpus each GPU: its backend's device and libraries when it opened (with our PTX loaded on it), or why it did
 *     not; or one line saying why no GPU is usable
 * @param auto what {@code --device auto} picks, and why
 */
public record DoctorReport(String java, int cores, String blas, String coretype, String vector, String nativeKernels,
        String bf16, Map<String, String> cudaLibraries, String shim, List<String> gpus, String auto) {
    /** Copies the map, in name order, and the list. */
    public DoctorReport {
        cudaLibraries = Collections.unmodifiableMap(new TreeMap<>(cudaLibraries));
        gpus = List.copyOf(gpus);
    }

    /** The report as lines for people. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("java: ").append(java).append('\n');
        b.append("cores: ").append(cores).append('\n');
        b.append("blas: ").append(blas).append("; OPENBLAS_CORETYPE ").append(coretype).append('\n');
        b.append("cpu vector kernels (jdk.incubator.vector): ").append(vector).append('\n');
        b.append("cpu native kernels: ").append(nativeKernels).append('\n');
        b.append("cpu bf16 products (--bf16): ").append(bf16).append('\n');
        cudaLibraries.forEach((lib, where) -> b.append(lib).append(": ").append(where).append('\n'));
        b.append("cuda 13 shim: ").append(shim).append('\n');
        gpus.forEach(g -> b.append("gpu: ").append(g).append('\n'));
        b.append("--device auto: ").append(auto).append('\n');
        return b.toString();
    }

    /** The report as JSON ({@code doctor --json}). */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(this) + "\n";
    }
}
