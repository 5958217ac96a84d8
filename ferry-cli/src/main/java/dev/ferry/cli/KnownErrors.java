package dev.ferry.cli;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.EventFailedException;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.StartupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the errors a user can fix (a bad app, profile, cluster or file) into one line on stderr and
 * exit code 1, without a stack trace; anything else is a bug and keeps its stack trace.
 */
final class KnownErrors implements IExecutionExceptionHandler {

    static final String PREFIX = "ferry: ";

    /**
     * Reports an error now, while the command still has to clean up, and returns what to throw
     * afterwards so that the exit code is still the error's.
     */
    static CliException reportNow(Exception ex, CommandLine commandLine) {
        return CliException.reported(new KnownErrors().handleExecutionException(ex, commandLine, null));
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof CliException e) {
            if (e.raw() && e.getMessage().isEmpty()) {
                return e.exitCode();
            }
            err.println(e.raw() ? e.getMessage() : PREFIX + e.getMessage());
            err.flush();
            return e.exitCode();
        }
        if (ex instanceof AppDefinitionException || ex instanceof ProfileException
                || ex instanceof StartupException || ex instanceof EventFailedException) {
            err.println(PREFIX + ex.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        ex.printStackTrace(err);
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
    }
}
