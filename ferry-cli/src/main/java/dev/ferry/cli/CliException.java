package dev.ferry.cli;

import picocli.CommandLine;

/** An error the user can fix, as a sentence that says what and where; reported without a stack trace. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final boolean raw;

    private CliException(String message, int exitCode, boolean raw, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.raw = raw;
    }

    /** The work failed: exit code 1. */
    CliException(String message) {
        this(message, CommandLine.ExitCode.SOFTWARE, false, null);
    }

    /** The work failed because of {@code cause}: exit code 1. */
    CliException(String message, Throwable cause) {
        this(message, CommandLine.ExitCode.SOFTWARE, false, cause);
    }

    /** The command line was not enough to go on (such as a choice to make): exit code 2. */
    static CliException usage(String message) {
        return new CliException(message, CommandLine.ExitCode.USAGE, false, null);
    }

    /** Text printed exactly as it is, such as javac's report of compile errors: exit code 1. */
    static CliException verbatim(String text) {
        return new CliException(text, CommandLine.ExitCode.SOFTWARE, true, null);
    }

    /** The error was reported already; only the exit code is left to give. */
    static CliException reported(int exitCode) {
        return new CliException("", exitCode, true, null);
    }

    int exitCode() {
        return exitCode;
    }

    boolean raw() {
        return raw;
    }

    /** An on-call action's refusal or failure, its sentence as it is: exit code 1. */
    static CliException of(dev.ferry.engine.OnCallException e) {
        return new CliException(e.getMessage(), e);
    }
}
