package dev.ferry.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of a command that changes what an app processes on purpose ({@code ferry skip},
 * {@code ferry replay}): why, who, and the confirmation. The change is recorded on the audit topic, so
 * a reason and a person are required, and it is asked for on the terminal unless {@code --yes} says
 * the caller has decided already; with no terminal and no {@code --yes} it is refused, never assumed.
 */
final class AuditedChange {

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit record.")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "Who does it, for the audit record (default: $USER).")
    String by;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    /** The reason, stripped; {@code why} completes "--reason must say why ..." when it is blank. */
    String reason(CommandSpec spec, String why) {
        if (reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason must say why " + why);
        }
        return reason.strip();
    }

    /** Who makes the change: {@code --by}, else $USER; {@code doing} completes "say who ... with --by". */
    String who(CommandSpec spec, Map<String, String> env, String doing) {
        String who = by != null && !by.isBlank() ? by.strip() : env.getOrDefault("USER", "").strip();
        if (who.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "say who " + doing + " with --by (USER is not set)");
        }
        return who;
    }

    /**
     * Asks {@code question} on the terminal and goes on only on the answer {@code yes}.
     *
     * @param noTerminal the refusal when there is no terminal to ask on (exit 2)
     * @param prompt what to type the answer after, e.g. {@code Type 'yes' to skip it: }
     * @param declined the refusal when the answer is not {@code yes} (exit 1)
     */
    void confirm(PrintWriter out, String noTerminal, String question, String prompt, String declined) {
        if (yes) {
            return;
        }
        Console console = System.console();
        if (console == null) {
            throw CliException.usage(noTerminal);
        }
        out.println(question);
        out.print(prompt);
        out.flush();
        String answer = console.readLine();
        if (answer == null || !answer.strip().equals("yes")) {
            throw new CliException(declined);
        }
    }
}
