package dev.mnist.cli;

import dev.mnist.core.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a man page per command at build time ({@code mnist.1}, {@code mnist-train.1},
 * {@code mnist-dataset-create.1}, ...): each holds the text its {@code --help} prints, verbatim, with
 * README's exit codes and the other pages under SEE ALSO; {@code mnist.1} also has README's workflow.
 * Usage: {@code ManPages OUTDIR README.md}.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Files.createDirectories(Path.of(args[0]));
        String readme = Files.readString(Path.of(args[1]));
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine root = Main.commandLine(nowhere, nowhere);
        List<CommandLine> commands = new ArrayList<>();
        collect(root, commands);
        List<String> names = commands.stream().map(ManPages::pageName).toList();
        for (CommandLine command : commands) {
            String name = pageName(command);
            StringBuilder page = new StringBuilder();
            page.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"mnist ").append(BuildInfo.version())
                    .append("\" \"mnist manual\"\n");
            String summary = command.getCommandSpec().usageMessage().description().length == 0 ? ""
                    : command.getCommandSpec().usageMessage().description()[0].replace("%n", " ");
            page.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary)).append('\n');
            page.append(".SH SYNOPSIS AND OPTIONS\n.nf\n").append(escapeBlock(command.getUsageMessage(Ansi.OFF))).append(".fi\n");
            if (command == root) {
                page.append(".SH THE WORKFLOW\n.nf\n").append(escapeBlock(section(readme, "The workflow"))).append(".fi\n");
            }
            page.append(".SH EXIT STATUS\n");
            for (String row : section(readme, "Exit codes").lines().toList()) {
                String[] cells = row.split("\\|");
                if (cells.length >= 3 && !cells[1].isBlank() && !cells[1].contains("code") && !cells[1].contains("---")) {
                    page.append(".TP\n.B ").append(escape(cells[1].strip())).append('\n').append(escape(cells[2].strip())).append('\n');
                }
            }
            page.append(".SH SEE ALSO\n").append(String.join(", ", names.stream().filter(n -> !n.equals(name)).map(n -> n + "(1)").toList()))
                    .append("\n.PP\nREADME.md and docs/ in the release archive and the sources say more.\n");
            Files.writeString(out.resolve(name + ".1"), page.toString());
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    /** {@code mnist-dataset-create} for {@code mnist dataset create}. */
    private static String pageName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("-");
    }

    /** A README section's text, from under its heading to the next. */
    private static String section(String readme, String heading) {
        int start = readme.indexOf("\n## " + heading + "\n");
        if (start < 0) {
            throw new IllegalStateException("README.md has no section '" + heading + "'");
        }
        start = readme.indexOf('\n', start + 1) + 1;
        int end = readme.indexOf("\n## ", start);
        return readme.substring(start, end < 0 ? readme.length() : end).strip() + "\n";
    }

    /** Text for roff: backslashes escaped, Markdown's code quotes dropped. */
    private static String escape(String text) {
        return text.replace("\\", "\\e").replace("`", "");
    }

    /** Lines for a no-fill block: escaped, and none starting with roff's control characters. */
    private static String escapeBlock(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.lines().toList()) {
            String escaped = escape(line);
            out.append(escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped).append('\n');
        }
        return out.toString();
    }
}
