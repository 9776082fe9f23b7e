package io.sandwich.planted.backend;

import io.sandwich.planted.backend.cpu.PlantedCpu;

/** Names an implementation below it, which names it back: a package cycle. */
public final class PlantedBackends {
    /** Opens the planted implementation. */
    public static Object open() {
        return new PlantedCpu();
    }
}
