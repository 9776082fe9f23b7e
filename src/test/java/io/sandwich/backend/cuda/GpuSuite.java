package io.sandwich.backend.cuda;

import java.io.PrintWriter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs every test tagged {@code gpu} and exits 0 only when each ran and passed: a test that skipped because no GPU
 * backend opened counts as a failure here. Started in a child JVM by {@link CudaSimulatorTest}, whose library path
 * leads JCuda to the CUDA simulator.
 */
public final class GpuSuite {
    private GpuSuite() {
    }

    /** Runs the suite; prints the summary and any failures. */
    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("io.sandwich"))
                .filters(TagFilter.includeTags("gpu")).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary s = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        boolean ok = s.getTotalFailureCount() == 0 && s.getTestsAbortedCount() == 0 && s.getTestsSucceededCount() > 0;
        out.println(ok ? "gpu suite: passed" : "gpu suite: FAILED");
        System.exit(ok ? 0 : 1);
    }
}
