package io.sandwich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test helper's limits hold: a hung child and the processes it started are killed, and the test fails. */
class ChildProcessTest {
    @Test
    void aChildThatHangsIsKilledWithItsTreeWithinTheLimit() throws Exception {
        List<String> hangs = List.of("sh", "-c", "echo started; sleep 600 & sleep 600; echo never");
        try (ChildProcess p = ChildProcess.start(hangs, Map.of())) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (p.process().descendants().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<ProcessHandle> tree = p.process().descendants().toList();
            assertEquals(2, tree.size(), "sh started two sleeps");
            long t0 = System.nanoTime();
            AssertionError e = assertThrows(AssertionError.class, () -> p.waitFor(2));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 10, "killed after " + seconds + " s");
            assertTrue(e.getMessage().startsWith("killed after 2 s: sh -c"), e.getMessage());
            assertTrue(e.getMessage().endsWith("its last lines:\nstarted"), e.getMessage());
            assertFalse(p.process().isAlive());
            for (ProcessHandle h : tree) {
                assertFalse(h.isAlive(), "pid " + h.pid() + " was killed too");
            }
        }
    }

    @Test
    void aChildThatEndsGivesItsOutputAndExitCode() throws Exception {
        ChildProcess.Result r = ChildProcess.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), 30);
        assertEquals(3, r.exit());
        assertEquals(List.of("out", "err"), r.output().lines().toList());
    }
}
