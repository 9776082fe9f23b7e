package io.sandwich.cli;

import io.sandwich.api.Sandwich;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sandwich inspect FILE}: the format of a PyTorch weights file and each tensor's name, dtype, shape. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n", footer = {
            "  scripts/sandwich inspect out/app2l1/model.pt",
            "  scripts/sandwich inspect app2l1.pkl"},
        description = "Lists a torch.save state_dict file (legacy or zip format): each tensor's name, dtype, shape.")
public final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .pkl / .pt / .pth file written by torch.save or sandwich.")
    Path file;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Sandwich.inspect(file));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
