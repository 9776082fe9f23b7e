package io.sandwich.planted.api;

import io.sandwich.planted.train.PlantedTrainer;

/** The planted tree's api; breaks "the api owns the types of its public signatures". */
public final class PlantedEntry {
    /** Hands out a type of a layer below. */
    public static PlantedTrainer trainer() {
        return null;
    }
}
