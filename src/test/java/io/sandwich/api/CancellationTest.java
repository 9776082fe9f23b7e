package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
