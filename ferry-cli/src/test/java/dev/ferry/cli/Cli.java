package dev.ferry.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs the ferry command in this JVM with a given environment and directory, capturing what it prints. */
final class Cli {

    private final Map<String, String> env;
    private final Path workDir;

    private Cli(Map<String, String> env, Path workDir) {
        this.env = env;
        this.workDir = workDir;
    }

    /** A command with only these environment variables (none of this machine's FERRY_*). */
    static Cli in(Path workDir, Map<String, String> env) {
        return new Cli(env, workDir);
    }

    /** What one run printed, and its exit code. */
    record Result(int exitCode, String out, String err) {
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = FerryCommand.commandLine(new FerryCommand(env, workDir, new ByteArrayInputStream(new byte[0])));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
