package io.sandwich.cli;

import io.sandwich.api.Sandwich;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sandwich inspect FILE}: the format of a PyTorch weights file and each tensor's name, dtype, shape; or a
 * dataset's shapes, notes and read speed.
 */
@Command(name = "inspect", footer = {
            "  scripts/sandwich inspect out/app2l1/model.pt",
            "  scripts/sandwich inspect app2l1.pkl",
            "  scripts/sandwich inspect --data data/embedded"},
        description = "Lists a torch.save state_dict file (legacy or zip format): each tensor's name, dtype, shape."
                + " With --data, describes a dataset instead: rows, widths and densities per split, targets read as"
                + " class ids, rows with all-zero targets, and each file's read time.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1",
            description = "A .pkl / .pt / .pth file written by torch.save or sandwich.")
    Path file;

    @Mixin
    SharedOptions.DataFolder data;

    @Override
    public Integer call() {
        if ((file == null) == (data.folder == null)) {
            throw new ParameterException(spec.commandLine(), "expected a weights FILE or --data, found "
                    + (file == null ? "neither" : "both"));
        }
        spec.commandLine().getOut().print(file != null ? Sandwich.inspect(file) : Sandwich.inspect(data.data()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
