package io.sandwich.backend;

import java.util.Map;

/**
 * What a backend computes on, for a run's record.
 *
 * @param device the device, e.g. {@code cpu} or {@code gpu0}
 * @param detail a short description (threads; a GPU's name, memory and compute capability)
 * @param libraries versions of the libraries that compute, by name
 */
public record BackendInfo(String device, String detail, Map<String, String> libraries) {
    /** Copies the map. */
    public BackendInfo {
        libraries = Map.copyOf(libraries);
    }
}
