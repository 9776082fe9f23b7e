package io.sandwich.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sandwich completion}: picocli's bash/zsh completion script for every command and option. */
@Command(name = "completion", footer = {
            "  source <(scripts/sandwich completion)",
            "  scripts/sandwich completion > ~/.sandwich-completion.bash"},
        description = "Prints a bash/zsh completion script for the sandwich command (with sandwich on the PATH or as"
                + " an alias; in zsh run `autoload -U +X bashcompinit && bashcompinit` first).")
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("sandwich", spec.parent().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
