package io.sandwich.planted.cli;

import io.sandwich.planted.train.PlantedTrainer;

/** Breaks "the command line works through the api alone". */
public final class PlantedCommand {
    /** Trains without the api. */
    public static Object run() {
        return new PlantedTrainer();
    }
}
