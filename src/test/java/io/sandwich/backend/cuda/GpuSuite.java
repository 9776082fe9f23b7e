package io.sandwich.backend.cuda;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs every test tagged {@code gpu} and exits 0 only when exactly the {@link #EXPECTED} classes ran, each with at
 * least one test, and every test passed: a test that skipped because no GPU backend opened counts as a failure here,
 * and so does a class that lost its tag (it would drop out unnoticed) or a new one nobody listed. Started in a child
 * JVM by {@link CudaSimulatorTest}, whose library path leads JCuda to the CUDA simulator.
 */
public final class GpuSuite {
    /** The gpu-tagged test classes. */
    static final Set<String> EXPECTED = Set.of(CudaBackendConformanceTest.class.getName(),
            CudaSpmmConformanceTest.class.getName(), CudaTrainingTest.class.getName(), CudaModelTest.class.getName());

    private GpuSuite() {
    }

    /** Runs the suite; prints the summary, the tests run per class, and any failures. */
    public static void main(String[] args) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("io.sandwich"))
                .filters(TagFilter.includeTags("gpu")).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Map<String, Integer> passedPerClass = new TreeMap<>();
        TestExecutionListener perClass = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                        && id.getSource().orElse(null) instanceof MethodSource m) {
                    passedPerClass.merge(m.getClassName(), 1, Integer::sum);
                }
            }
        };
        launcher.execute(request, summary, perClass);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        passedPerClass.forEach((c, n) -> out.println("gpu suite: " + n + " passed in " + c));
        List<String> problems = problems(EXPECTED, passedPerClass);
        problems.forEach(p -> out.println("gpu suite: " + p));
        boolean ok = s.getTotalFailureCount() == 0 && s.getTestsAbortedCount() == 0 && problems.isEmpty();
        out.println(ok ? "gpu suite: passed" : "gpu suite: FAILED");
        System.exit(ok ? 0 : 1);
    }

    /** What is wrong with the classes that passed tests, against those {@code expected}: one sentence each. */
    static List<String> problems(Set<String> expected, Map<String, Integer> passedPerClass) {
        List<String> p = new ArrayList<>();
        for (String c : new TreeSet<>(expected)) {
            if (!passedPerClass.containsKey(c)) {
                p.add("no test of " + c + " passed (did it lose its @Tag(\"gpu\")?)");
            }
        }
        for (String c : passedPerClass.keySet()) {
            if (!expected.contains(c)) {
                p.add(c + " is tagged gpu but not in GpuSuite.EXPECTED");
            }
        }
        return p;
    }
}
