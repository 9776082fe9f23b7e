package io.sandwich.planted.train;

import io.sandwich.planted.api.PlantedEntry;
import io.sandwich.planted.cli.PlantedCommand;

/** Breaks four rules: it uses picocli, jcuda, the api and the command line from below them. */
public final class PlantedTrainer {
    /** Uses what it must not. */
    public Object[] misuse() {
        return new Object[] {new picocli.CommandLine(this), new jcuda.Pointer(), new PlantedEntry(),
            PlantedCommand.run()};
    }
}
