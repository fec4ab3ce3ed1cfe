package dev.mnist.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for bash and zsh: commands, options, the values of options that "
                + "take one of a few (--model, --lr-policy, --prepare, ...) and file names for paths.",
                "",
                "  source <(mnist completion)                       # this shell",
                "  mnist completion > ~/.local/share/bash-completion/completions/mnist",
                "",
                "zsh loads it through bashcompinit, which the script enables."})
public final class CompletionCommand implements Callable<Integer> {
    /** picocli's lists of an enum option's values: {@code local device_option_args=("AUTO" "CPU" "GPU") # --device values}. */
    private static final Pattern ENUM_VALUES = Pattern.compile("(?m)^(\\s*local \\w+_option_args=\\()([^)]*)(\\) # .* values)$");

    @Spec
    CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "SHELL", description = "bash or zsh: the one script serves both.")
    String shell;

    @Override
    public Integer call() {
        if (shell != null && !shell.equals("bash") && !shell.equals("zsh")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "SHELL must be bash or zsh, not '" + shell + "'");
        }
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash(root.getCommandName(), root);
        spec.commandLine().getOut().print(lowerCaseValues(script));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    /** Enum values as the help and the docs spell them, {@code half-crop} for HALF_CROP (they are read in any case). */
    static String lowerCaseValues(String script) {
        Matcher values = ENUM_VALUES.matcher(script);
        StringBuilder out = new StringBuilder();
        while (values.find()) {
            values.appendReplacement(out, Matcher.quoteReplacement(values.group(1) + values.group(2).toLowerCase(Locale.ROOT).replace('_', '-') + values.group(3)));
        }
        return values.appendTail(out).toString();
    }
}
