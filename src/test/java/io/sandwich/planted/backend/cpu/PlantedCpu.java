package io.sandwich.planted.backend.cpu;

import io.sandwich.planted.backend.PlantedBackends;

/** The other half of the planted cycle. */
public final class PlantedCpu {
    /** Uses the package above. */
    public Object again() {
        return PlantedBackends.open();
    }
}
