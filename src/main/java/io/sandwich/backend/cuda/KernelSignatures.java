package io.sandwich.backend.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdeviceptr;

/**
 * The parameter types of every kernel in the PTX ({@code .param .u64}, {@code .s32}, {@code .f32}, ...), so that a
 * launch whose Java arguments do not match the kernel (a missing argument, an int where the kernel reads a 64-bit
 * value) fails with a sentence before it reaches the driver, which would not notice and run on garbage.
 */
final class KernelSignatures {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+\\.(\\w+)\\s+\\w+");

    private final Map<String, List<String>> params;

    private KernelSignatures(Map<String, List<String>> params) {
        this.params = params;
    }

    /** The signatures of every {@code .entry} in {@code ptx}. */
    static KernelSignatures parse(String ptx) {
        Map<String, List<String>> out = new HashMap<>();
        Matcher e = ENTRY.matcher(ptx);
        while (e.find()) {
            List<String> types = new ArrayList<>();
            Matcher p = PARAM.matcher(e.group(2));
            while (p.find()) {
                types.add(p.group(1));
            }
            out.put(e.group(1), List.copyOf(types));
        }
        return new KernelSignatures(out);
    }

    /** The PTX parameter types of {@code kernel}, or null when the PTX has no such kernel. */
    List<String> of(String kernel) {
        return params.get(kernel);
    }

    /** The names of the PTX's kernels. */
    Set<String> kernels() {
        return Set.copyOf(params.keySet());
    }

    /** Whether a Java launch argument fits a PTX parameter type. */
    static boolean fits(Object arg, String type) {
        return switch (type) {
            case "u64", "s64", "b64" -> arg == null || arg instanceof CUdeviceptr || arg instanceof Long;
            case "u32", "s32", "b32" -> arg instanceof Integer;
            case "f32" -> arg instanceof Float;
            case "f64" -> arg instanceof Double;
            default -> false;
        };
    }

    /** Checks a launch's arguments against the kernel's parameters; an error sentence names the first mismatch. */
    void check(String kernel, Object[] args) {
        List<String> types = params.get(kernel);
        if (types == null) {
            throw new CudaBackendException("kernel " + kernel + " is not in the PTX; rebuild it with"
                    + " native/build-ptx.sh");
        }
        if (types.size() != args.length) {
            throw new CudaBackendException("kernel " + kernel + ": expected " + types.size() + " arguments, found "
                    + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            if (!fits(args[i], types.get(i))) {
                throw new CudaBackendException("kernel " + kernel + ": argument " + i + " should be ." + types.get(i)
                        + ", found " + (args[i] == null ? "a null pointer" : args[i].getClass().getSimpleName()));
            }
        }
    }
}
