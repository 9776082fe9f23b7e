package io.sandwich;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Real PyTorch for tests: Debian's {@code /usr/bin/python3} with torch, which CI installs. */
public final class RealTorch {
    /** The Python that has torch. */
    public static final String PYTHON = "/usr/bin/python3";

    private RealTorch() {
    }

    /** Skips the calling test where {@code import torch} fails in {@link #PYTHON}. */
    public static void assume() {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        Assumptions.assumeTrue(ok, "real PyTorch is not installed (" + PYTHON + " -c 'import torch' fails)");
    }
}
