package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run cancelled from its listener stops at its next step, keeps its checkpoints, and resumed ends with the weights
 * of a run that was never stopped; the listener hears typed events in order.
 */
class CancellationTest {
    @TempDir
    Path tmp;

    private static TrainOptions.Builder baseline() {
        return TrainOptions.builder(Models.BASELINE).settings(Settings.builder().set(Hyperparameters.EPOCHS, 3)
                .set(Hyperparameters.HIDDEN, List.of(16, 16)).set(Hyperparameters.SEED, 5L).build())
                .compute(Compute.cpu(2));
    }

    @Test
    void aCancelledRunResumesToTheWeightsOfAnUninterruptedOne() {
        TrainResult plain = Sandwich.train(baseline().build(), tmp.resolve("plain"), Listener.SILENT);

        Cancellation cancel = new Cancellation();
        List<Event> heard = new ArrayList<>();
        Listener listener = new Listener() {
            @Override
            public void onEvent(Event e) {
                heard.add(e);
                if (e instanceof Event.EpochFinished f && f.epoch().stage().equals("baseline")
                        && f.epoch().epoch() == 1) {
                    cancel.cancel();
                }
            }
        };
        Path out = tmp.resolve("cancelled");
        RunCancelledException e = assertThrows(RunCancelledException.class, () -> Sandwich.train(baseline()
                .checkpointEvery(1).cancellation(cancel).build(), out, listener));
        assertTrue(e.getMessage().startsWith("cancelled in stage baseline at epoch 2, before step 1 of "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("its checkpoints stay in " + out.resolve("checkpoints").toAbsolutePath()
                + ": resume continues it"), e.getMessage());
        assertFalse(Files.exists(out.resolve("result.json")));
        assertEquals(List.of("RunStarted", "StageStarted", "EpochFinished", "EpochFinished", "EpochFinished",
                "StageFinished", "StageStarted", "EpochFinished", "StageFinished"), heard.stream()
                        .map(h -> h.getClass().getSimpleName()).toList());

        TrainResult resumed = Sandwich.resume(out, Compute.cpu(1), Listener.SILENT);
        StateDict a = TorchCheckpointReader.read(plain.modelFile());
        StateDict b = TorchCheckpointReader.read(resumed.modelFile());
        for (String name : a.names()) {
            assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
        }
        assertEquals(plain.test(), resumed.test());
    }

    /**
     * A sweep cancelled in the middle of a run (as a Slurm preemption's SIGTERM does through the command line) keeps
     * that run's checkpoints under {@code OUT/checkpoints/}; without resume they are refused, not replaced; resumed,
     * the sweep continues that run from them and writes the results of a sweep that never stopped.
     */
    @Test
    void aCancelledSweepResumesFromItsRunsCheckpointsToTheResultsOfAnUninterruptedOne() throws Exception {
        SweepResult plain = Sandwich.sweep(SweepOptions.builder(baseline().build()).grid("lr=1e-3,3e-3").build(),
                tmp.resolve("plain"), Listener.SILENT);

        Cancellation cancel = new Cancellation();
        int[] epochs = {0};
        Listener stopInFirstRun = new Listener() {
            @Override
            public void onEvent(Event e) {
                if (e instanceof Event.EpochFinished && ++epochs[0] == 2) {
                    cancel.cancel();
                }
            }
        };
        Path out = tmp.resolve("sweep");
        SweepOptions stopped = SweepOptions.builder(baseline().checkpointEvery(1).cancellation(cancel).build())
                .grid("lr=1e-3,3e-3").build();
        RunCancelledException e = assertThrows(RunCancelledException.class, () -> Sandwich.sweep(stopped, out,
                stopInFirstRun));
        assertTrue(e.getMessage().contains("the unfinished one's checkpoints in " + out.resolve("checkpoints")),
                e.getMessage());
        Path ck = out.resolve("checkpoints/c001-seed1");
        Path newest = io.sandwich.checkpoint.Checkpoints.newestIn(ck).orElseThrow(() -> new AssertionError(
                "no checkpoint in " + ck + "; " + out + " holds " + listing(out)));
        assertEquals("ckpt-000002", newest.getFileName().toString(), "the first run's second epoch");

        SweepOptions again = SweepOptions.builder(baseline().checkpointEvery(1).build()).grid("lr=1e-3,3e-3").build();
        SandwichException refused = assertThrows(SandwichException.class, () -> Sandwich.sweep(again, out,
                Listener.SILENT));
        assertTrue(refused.getMessage().contains("holds the checkpoints of an unfinished run (" + ck + ")"),
                refused.getMessage());

        TrainOptions longer = baseline().settings(Settings.builder().set(Hyperparameters.EPOCHS, 4)
                .set(Hyperparameters.HIDDEN, List.of(16, 16)).set(Hyperparameters.SEED, 5L).build()).checkpointEvery(1)
                .build();
        SandwichException other = assertThrows(SandwichException.class, () -> Sandwich.sweep(SweepOptions
                .builder(longer).grid("lr=1e-3,3e-3").resume(true).build(), out, Listener.SILENT));
        assertTrue(other.getMessage().startsWith(ck + ": checkpoints of another run than this sweep's c001-seed1 ("),
                other.getMessage());

        List<Path> resumedFrom = new ArrayList<>();
        Listener heard = new Listener() {
            @Override
            public void onEvent(Event ev) {
                if (ev instanceof Event.Resumed r) {
                    resumedFrom.add(r.checkpoint());
                }
            }
        };
        Sandwich.sweep(SweepOptions.builder(baseline().checkpointEvery(1).build()).grid("lr=1e-3,3e-3").resume(true)
                .build(), out, heard);
        assertEquals(List.of(newest), resumedFrom);
        assertFalse(Files.exists(ck), "a finished run's checkpoints are removed");
        for (String f : List.of("sweep.md", "sweep.json", "sweep.csv")) {
            assertArrayEquals(Files.readAllBytes(plain.out().resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
    }

    private static List<String> listing(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
