package io.sandwich;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * What some tests need beyond the JDK: tools, real PyTorch, the real seed data. Where one is missing, such a test is
 * skipped with the reason on a developer's machine, and fails where the build says it must be there: {@code
 * -Dsandwich.require=simulator,torch,seed,nvcc,slurm,native} (as {@code .ci/run} passes), so that CI never passes by
 * skipping.
 */
public enum Requirement {
    /** g++, gcc, objdump and unzip, which build the CUDA simulator and the CUDA 13 shim. */
    SIMULATOR,
    /** Debian's PyTorch in {@code /usr/bin/python3}. */
    TORCH,
    /** The real seed data at {@code ../shared/data/seed}. */
    SEED,
    /** nvcc and ptxas, which rebuild and check the kernels' PTX. */
    NVCC,
    /** Debian's slurm-wlm and munge, and root, for a single-node Slurm cluster. */
    SLURM,
    /** The CPU backend's native kernels, which the build compiles where gcc and the JDK's JNI headers are. */
    NATIVE;

    /** The system property that names the requirements this build must meet. */
    public static final String PROPERTY = "sandwich.require";

    /** Whether this build must meet the requirement. */
    public boolean required() {
        String value = System.getProperty(PROPERTY, "").strip();
        if (value.isEmpty()) {
            return false;
        }
        List<String> names = Arrays.stream(value.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        for (String n : names) {
            if (Arrays.stream(values()).noneMatch(r -> r.cliName().equals(n))) {
                fail("-D" + PROPERTY + "=" + value + ": expected names among " + Arrays.stream(values())
                        .map(Requirement::cliName).toList() + ", found \"" + n + "\"");
            }
        }
        return names.contains(cliName());
    }

    /**
     * Goes on where {@code present}; otherwise fails the calling test where the build requires this, and skips it
     * with {@code why} elsewhere.
     */
    public void assume(boolean present, String why) {
        if (present) {
            return;
        }
        if (required()) {
            fail(why + ", and this build requires it (-D" + PROPERTY + " names " + cliName() + ")");
        }
        Assumptions.abort(why);
    }

    /** The name in {@value #PROPERTY}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
