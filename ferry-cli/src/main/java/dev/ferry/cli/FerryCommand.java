package dev.ferry.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code ferry} command: runs a function annotated with {@code @Ferry} as a Kafka consumer, and
 * the tools its author needs around it: to start a project, ship it (image, runbook, Kubernetes) and
 * be on call for it.
 *
 * <p>Exit codes follow picocli: 0 done, 1 the work failed (a known error prints one line), 2 the
 * command line was wrong.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryVersion.class,
        description = "Runs a Java method annotated with @Ferry as a production Kafka consumer, "
                + "and the tools around it. Start with: ferry demo",
        subcommands = {
                // start and run
                NewCommand.class, RunCommand.class, MaterializeCommand.class, ProduceCommand.class, TailCommand.class,
                // ship
                PackageCommand.class, RunbookCommand.class, DeployCommand.class, UndeployCommand.class,
                ScaleCommand.class, AclCommand.class,
                // on call
                StatusCommand.class, LagCommand.class, ShowFailureCommand.class, SkipCommand.class,
                ReplayCommand.class,
                // the central place
                TopicsCommand.class, AppsCommand.class, HubCommand.class, ProxyCommand.class,
                // around
                BrokerCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class FerryCommand implements Callable<Integer> {

    /** The environment the profile and FERRY_HOME are read from. */
    final Map<String, String> env;
    /** The directory relative paths, ferry.yaml and .ferry/ are resolved against. */
    final Path workDir;
    /** Where {@code ferry produce} reads events when no file is given. */
    final InputStream stdin;

    @Spec
    CommandSpec spec;

    /** The command as run from a shell: this process's environment, directory and standard input. */
    public FerryCommand() {
        this(System.getenv(), Path.of("").toAbsolutePath(), System.in);
    }

    FerryCommand(Map<String, String> env, Path workDir, InputStream stdin) {
        this.env = Map.copyOf(env);
        this.workDir = workDir.toAbsolutePath().normalize();
        this.stdin = stdin;
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine(new FerryCommand()).execute(args));
    }

    /** A command line for {@code command} that reports known errors as one line. */
    static CommandLine commandLine(FerryCommand command) {
        return new CommandLine(command).setExecutionExceptionHandler(new KnownErrors());
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a command: try 'ferry demo', or see the commands below");
    }
}
