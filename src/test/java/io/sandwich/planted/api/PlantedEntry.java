package io.sandwich.planted.api;

/** The planted tree's api. */
public final class PlantedEntry {
}
