package io.sandwich;

import java.io.IOException;
import java.util.List;

/** Real PyTorch for tests: Debian's {@code /usr/bin/python3} with torch, which CI installs. */
public final class RealTorch {
    /** The Python that has torch. */
    public static final String PYTHON = "/usr/bin/python3";

    private RealTorch() {
    }

    /**
     * Skips the calling test where {@code import torch} fails in {@link #PYTHON}, or fails it where the build
     * requires PyTorch ({@link Requirement#TORCH}).
     */
    public static void assume() {
        boolean ok;
        try {
            ok = ChildProcess.run(List.of(PYTHON, "-c", "import torch"), 120).exit() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        Requirement.TORCH.assume(ok, "real PyTorch is not installed (" + PYTHON + " -c 'import torch' fails)");
    }

    /** Runs {@code args} in {@link #PYTHON}, failing the test (after killing it) when it outlives {@code seconds}. */
    public static ChildProcess.Result python(int seconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON));
        cmd.addAll(List.of(args));
        return ChildProcess.run(cmd, seconds);
    }
}
