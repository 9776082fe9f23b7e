package io.sandwich.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sandwich.SandwichException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Device names as {@code --device} takes them. */
class DeviceTest {
    @ParameterizedTest
    @CsvSource({"cpu, cpu", " CPU , cpu", "gpu, gpu0", "gpu1, gpu1", "gpu:2, gpu2", "cuda:0, gpu0", "cuda3, gpu3",
        "cuda, gpu0"})
    void namesParseToTypeAndIndex(String name, String device) {
        assertEquals(device, Device.fromName(name).toString());
        assertEquals(Device.fromName(name), Device.fromName(device), "the printed name parses back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "tpu", "gpu-1", "gpu:x", "cpu0", ""})
    void anythingElseIsRefusedWithASentence(String name) {
        assertEquals(Optional.empty(), Device.parse(name));
        SandwichException e = assertThrows(SandwichException.class, () -> Device.fromName(name));
        assertEquals("expected a device among cpu, gpu, gpuN, found \"" + name + "\"", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aDeviceIsATypeAndAnIndex() {
        assertEquals(new Device(Device.Kind.GPU, 1), Device.gpu(1));
        assertEquals(Device.Kind.CPU, Device.cpu().kind());
        assertThrows(IllegalArgumentException.class, () -> Device.gpu(-1));
        assertThrows(IllegalArgumentException.class, () -> new Device(Device.Kind.CPU, 1));
    }
}
