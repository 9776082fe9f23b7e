package io.sandwich.backend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a backend computes on and with, for a run's record ({@link Backend#info()}).
 *
 * @param device the device, as {@link Device#toString()} writes it: {@code cpu}, {@code gpu0}
 * @param detail a short description for people: the CPU's threads, the GPU's name and compute capability
 * @param libraries the version of each library that computes, as that library reports it, by name (in a fixed
 *     order; unmodifiable)
 */
public record BackendInfo(String device, String detail, Map<String, String> libraries) {
    /** Copies {@code libraries}, keeping their order. */
    public BackendInfo {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(detail, "detail");
        libraries = Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
    }
}
