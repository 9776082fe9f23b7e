package io.sandwich.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.sandwich.SandwichException;
import io.sandwich.backend.Backend;
import io.sandwich.backend.cpu.CpuBackend;
import io.sandwich.io.torch.StateDict;
import io.sandwich.io.torch.TorchCheckpointReader;
import io.sandwich.io.torch.TorchTensor;
import io.sandwich.nn.LayerSpec;
import io.sandwich.nn.Network;
import io.sandwich.nn.ParameterSet.OptimizerSlot;
import io.sandwich.train.EpochStats;
import io.sandwich.train.NetState;
import io.sandwich.train.StageCheckpoint;
import io.sandwich.train.StageState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint folder: what goes in comes back exactly, old and half-written checkpoints are removed, a write
 * hook runs in the middle of each write and a failure there leaves the previous checkpoint to resume from.
 */
class CheckpointsTest {
    @TempDir
    Path tmp;

    private static final List<LayerSpec> LAYERS = List.of(new LayerSpec("fc1.0", 3, 2, true, 0.1f),
            new LayerSpec("fc2.0", 2, 2, false, 0f));

    private static StageState state(int epoch, float base) {
        Map<String, float[]> w = Map.of("fc1.0.weight", new float[] {base, 2, 3, 4, 5, 6}, "fc1.0.bias",
                new float[] {Float.MIN_VALUE, -0f}, "fc2.0.weight", new float[] {1e-30f, 2, 3, 4}, "fc2.0.bias",
                new float[] {7, 8});
        float[] m = new float[16];
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            m[i] = base * i / 3f;
            v[i] = i * i / 7f;
        }
        NetState n = new NetState(w, w, List.of(new OptimizerSlot(0, 41, m, v), new OptimizerSlot(1, 40, v, m)),
                Long.MIN_VALUE + 3, 123_456_789_012L);
        return new StageState("app2l1", epoch, Double.NaN, epoch, List.of(n));
    }

    @Test
    void roundTripKeepsTwoAndRemovesHalfWrittenOnes() throws IOException {
        Path dir = tmp.resolve("ck");
        JsonObject settings = new JsonObject();
        settings.addProperty("x", "y");
        try (Backend b = new CpuBackend(1)) {
            Network net = new Network(b, LAYERS);
            Checkpoints c = Checkpoints.start(dir, 2, settings);
            SandwichException busy = assertThrows(SandwichException.class, () -> Checkpoints.start(dir, 2, settings));
            assertTrue(busy.getMessage().startsWith(dir + " is in use by another run (a training run writing"
                    + " checkpoints, pid " + ProcessHandle.current().pid() + " on "), busy.getMessage());
            StageCheckpoint s = c.stage("app2l1", List.of(net));
            assertNull(s.resumeFrom());
            assertNull(s.lastGood());
            StateDict done = new StateDict().put("a.weight", TorchTensor.of(new float[] {1, 2}, 1, 2));
            c.stageFinished("first", done);
            for (int epoch = 1; epoch <= 7; epoch++) {
                c.record(new EpochStats("app2l1", epoch, 0.5, 0.25, Double.NaN, Double.NaN, Double.NaN, 0.1));
                int e = epoch;
                s.afterEpoch(epoch, () -> state(e, e));
            }
            assertEquals(List.of("ckpt-000002", "ckpt-000003"), names(dir), "every 2nd epoch; the newest 2 kept");
            assertEquals(dir.resolve("ckpt-000003") + " (stage app2l1, epoch 6)", s.lastGood());
            StateDict model = TorchCheckpointReader.read(dir.resolve("ckpt-000003").resolve("model.pt"));
            assertArrayEquals(new int[] {2, 3}, model.get("fc1.0.weight").shape(), "PyTorch's [out, in]");

            c.close();
            Files.createDirectories(dir.resolve(".ckpt-000004.tmp"));
            Files.writeString(dir.resolve(".ckpt-000004.tmp").resolve("model.pt"), "half");
            Checkpoints r = Checkpoints.resume(tmp.resolve("ck"));
            assertEquals(List.of("ckpt-000002", "ckpt-000003"), names(dir));
            assertEquals("y", r.settings().get("x").getAsString());
            assertEquals(2, r.every());
            assertEquals(6, r.history().size(), "the history up to the checkpoint");
            assertTrue(Double.isNaN(r.history().get(0).valLoss()));
            assertEquals(done, r.finished("first"));
            StageState back = r.stage("app2l1", List.of(net)).resumeFrom();
            StageState expected = state(6, 6);
            assertEquals(6, back.epoch());
            assertTrue(Double.isNaN(back.bestAccuracy()));
            NetState n = back.nets().get(0);
            NetState x = expected.nets().get(0);
            assertEquals(x.dropoutSeed(), n.dropoutSeed());
            assertEquals(x.dropoutCounter(), n.dropoutCounter());
            for (String k : x.weights().keySet()) {
                assertArrayEquals(x.weights().get(k), n.weights().get(k), k);
                assertArrayEquals(x.best().get(k), n.best().get(k), k);
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(x.optimizer().get(i).slot(), n.optimizer().get(i).slot());
                assertEquals(x.optimizer().get(i).step(), n.optimizer().get(i).step());
                assertArrayEquals(x.optimizer().get(i).m(), n.optimizer().get(i).m());
                assertArrayEquals(x.optimizer().get(i).v(), n.optimizer().get(i).v());
            }
            assertNull(r.stage("other", List.of(net)).resumeFrom(), "another stage starts fresh");
            r.close();
        }
    }

    @Test
    void theHookRunsInTheMiddleOfEachWriteAfterModelPtAndBeforeTheRest() {
        Path dir = tmp.resolve("hooked");
        List<String> seen = new ArrayList<>();
        Checkpoints.WriteHook hook = (number, partial) -> seen.add(number + " " + dir.relativize(partial) + " "
                + Files.exists(partial.resolve("model.pt")) + " " + Files.exists(partial.resolve("best.pt")) + " "
                + Files.exists(partial.resolve("state.json")) + " "
                + Files.exists(dir.resolve(String.format("ckpt-%06d", number))));
        try (Backend b = new CpuBackend(1); Checkpoints c = Checkpoints.start(dir, 1, new JsonObject(), hook)) {
            StageCheckpoint s = c.stage("app2l1", List.of(new Network(b, LAYERS)));
            for (int epoch = 1; epoch <= 3; epoch++) {
                int e = epoch;
                s.afterEpoch(epoch, () -> state(e, e));
            }
        }
        assertEquals(List.of("1 .ckpt-000001.tmp true false false false", "2 .ckpt-000002.tmp true false false false",
                "3 .ckpt-000003.tmp true false false false"), seen);
    }

    @Test
    void aFailureInTheHookLeavesThePreviousCheckpointWholeAndResumable() throws IOException {
        Path dir = tmp.resolve("failing");
        Checkpoints.WriteHook failAtThird = (number, partial) -> {
            if (number == 3) {
                throw new IOException("disk full");
            }
        };
        try (Backend b = new CpuBackend(1)) {
            Network net = new Network(b, LAYERS);
            try (Checkpoints c = Checkpoints.start(dir, 1, new JsonObject(), failAtThird)) {
                StageCheckpoint s = c.stage("app2l1", List.of(net));
                s.afterEpoch(1, () -> state(1, 1));
                s.afterEpoch(2, () -> state(2, 2));
                SandwichException e = assertThrows(SandwichException.class, () -> s.afterEpoch(3, () -> state(3, 3)));
                assertEquals(dir.resolve("ckpt-000003") + ": could not write the checkpoint: disk full; the last good"
                        + " one is " + dir.resolve("ckpt-000002") + " (stage app2l1, epoch 2)", e.getMessage());
                assertEquals(dir.resolve("ckpt-000002") + " (stage app2l1, epoch 2)", s.lastGood());
            }
            assertEquals(List.of(".ckpt-000003.tmp", "ckpt-000001", "ckpt-000002"), names(dir));

            List<Integer> calls = new ArrayList<>();
            try (Checkpoints r = Checkpoints.resume(dir, (number, partial) -> calls.add(number))) {
                assertEquals(List.of("ckpt-000001", "ckpt-000002"), names(dir), "the half-written one is gone");
                StageCheckpoint s = r.stage("app2l1", List.of(net));
                StageState back = s.resumeFrom();
                assertEquals(2, back.epoch());
                assertArrayEquals(state(2, 2).nets().get(0).weights().get("fc1.0.weight"),
                        back.nets().get(0).weights().get("fc1.0.weight"));
                s.afterEpoch(3, () -> state(3, 3));
                assertEquals(List.of(3), calls, "the resumed run passes its hook on and numbers on from 2");
            }
            assertEquals(List.of("ckpt-000002", "ckpt-000003"), names(dir));
        }
    }

    @Test
    void pauseHookPausesOnlyInItsCheckpoint() throws IOException {
        Checkpoints.WriteHook none = PauseHook.parse("");
        assertEquals(Checkpoints.WriteHook.NONE, none);
        Checkpoints.WriteHook pause = PauseHook.parse("2:300");
        long t0 = System.nanoTime();
        pause.midWrite(1, tmp);
        pause.midWrite(3, tmp);
        long t1 = System.nanoTime();
        pause.midWrite(2, tmp);
        long t2 = System.nanoTime();
        assertTrue(t1 - t0 < 250_000_000L, "no pause in checkpoints 1 and 3");
        assertTrue(t2 - t1 >= 300_000_000L, "a 300 ms pause in checkpoint 2");
        assertThrows(IllegalArgumentException.class, () -> PauseHook.parse("300"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).sorted().toList();
        }
    }
}
