package io.sandwich.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sandwich.SandwichException;
import io.sandwich.backend.Backends;
import io.sandwich.backend.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bf16} on the CPU trains to about fp32's accuracy with other numbers, and says so in its record; where the CPU
 * has no bf16 products the run is refused with a sentence (what this test then checks).
 */
class Bf16TrainingTest {
    @TempDir
    Path tmp;

    private static TrainOptions options(boolean bf16) {
        return TrainOptions.builder(Models.APP2L1).settings(Settings.builder().set(Hyperparameters.EPOCHS, 3)
                .set(Hyperparameters.HIDDEN, List.of(64, 64)).build())
                .compute(Compute.builder().device("cpu").threads(2).bf16(bf16).build()).build();
    }

    @Test
    void bf16TrainsToAboutTheAccuracyOfFp32() {
        Optional<String> why = bf16Unavailable();
        if (why.isPresent()) {
            SandwichException e = assertThrows(SandwichException.class,
                    () -> Sandwich.train(options(true), tmp.resolve("bf16"), Listener.SILENT));
            assertTrue(e.getMessage().contains(why.get()), e.getMessage());
            return;
        }
        TrainResult fp32 = Sandwich.train(options(false), tmp.resolve("fp32"), Listener.SILENT);
        TrainResult bf16 = Sandwich.train(options(true), tmp.resolve("bf16"), Listener.SILENT);
        assertNotEquals(fp32.test().loss(), bf16.test().loss(), "bf16 products change the numbers");
        assertEquals(fp32.test().accuracy(), bf16.test().accuracy(), 0.05);
        assertTrue(bf16.record().contains("\"onednn\""), bf16.record());
        assertTrue(!fp32.record().contains("\"onednn\""), fp32.record());
    }

    @Test
    void theGpuRefusesBf16() {
        Backends.Options o = new Backends.Options(0, false, true, false, true);
        Backends.providers().stream().filter(p -> p.kind() == Device.Kind.GPU).forEach(p -> {
            SandwichException e = assertThrows(SandwichException.class, () -> p.open(Device.gpu(0), o));
            assertTrue(e.getMessage().startsWith("bf16 products are a CPU setting"), e.getMessage());
        });
    }

    /** Why this machine has no bf16 products, as the CPU backend says it. */
    private static Optional<String> bf16Unavailable() {
        try (var b = Backends.open(Device.cpu(), new Backends.Options(1, false, true, false, true), line -> { })) {
            return Optional.empty();
        } catch (SandwichException e) {
            return Optional.of(e.getMessage());
        }
    }
}
