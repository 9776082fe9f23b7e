package io.sandwich.cli;

import io.sandwich.api.DoctorReport;
import io.sandwich.api.Sandwich;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sandwich doctor}: what this machine offers sandwich, the first command to run on a new machine. */
@Command(name = "doctor", footer = {
            "  scripts/sandwich doctor",
            "  scripts/sandwich doctor --json out/doctor.json"},
        description = "Prints Java, cores, the BLAS, the CUDA libraries found (or why not), whether the CUDA 13 shim"
                + " is needed, and what --device auto would pick and why. No GPU is a normal answer (exit 0).")
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() {
        DoctorReport r = Sandwich.doctor(java.util.Optional.ofNullable(json.file));
        spec.commandLine().getOut().print(r.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
