package dev.ferry.cli;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.State;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.materialize.MaterializeException;
import dev.ferry.materialize.MaterializeSpec;
import dev.ferry.materialize.Materialization;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry materialize FILE}: a topic into a table, by configuration, as an app on the profile's
 * cluster or the dev broker, exactly as {@code ferry run} runs an app.
 */
@Command(name = "materialize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Materializes a topic into a datastore (PostgreSQL, DuckDB, ...) as the YAML FILE says, until Ctrl-C.",
            "The rows are written exactly once into PostgreSQL and DuckDB. See docs/materialize.md for the keys.",
            "Like ferry run, with no platform profile at all it runs in dev mode on an embedded broker; a DuckDB "
                    + "target with no url then writes .ferry/<app>.duckdb."
        })
final class MaterializeCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration DEV_BROKER_STOP = Duration.ofSeconds(10);

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The materialization's YAML file.")
    Path file;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML); default: $FERRY_PROFILE, else ./ferry.yaml if present. "
                    + "FERRY_* environment variables override it.")
    Path profile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded broker in dev mode (default: .ferry/kafka).")
    Path dataDir;

    @Option(names = "--max-events", paramLabel = "N",
            description = "Stop cleanly, with exit code 0, once at least N events are materialized.")
    Long maxEvents;

    @Override
    public Integer call() {
        if (maxEvents != null && maxEvents < 1) {
            throw new ParameterException(spec.commandLine(), "--max-events must be at least 1, got " + maxEvents);
        }
        Path yaml = root.workDir.resolve(file);
        MaterializeSpec materialize = checked(() -> MaterializeSpec.load(yaml));
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        try (StopSignal stop = new StopSignal(platform.shutdownTimeout().plus(RunningApp.CLOSE_GRACE)
                .plus(DEV_BROKER_STOP))) {
            DevBroker dev = RunCommand.onDevBroker(platform) ? DevBroker.useOrStart(root.workDir, dataDir) : null;
            try (dev) {
                if (dev != null) {
                    spec.commandLine().getOut().println(dev.banner(materialize.topic(), materialize.topic()));
                    platform = RunCommand.onDevBroker(platform, dev);
                }
                PlatformProfile on = platform;
                Materialization m = checked(() -> Materialization.prepare(materialize, on,
                        root.workDir.resolve(".ferry")));
                return stop.requested() ? 0 : run(m, stop);
            }
        }
    }

    private int run(Materialization m, StopSignal stop) {
        PrintWriter out = spec.commandLine().getOut();
        try (RunningApp running = m.start()) {
            out.println("app '" + m.spec().name() + "' materializing topic " + m.spec().topic() + " -> "
                    + m.spec().targetType() + " '" + m.destination() + "' (" + m.schema().columns().size()
                    + " columns, schema from " + m.schema().source() + ")" + (maxEvents == null ? " (Ctrl-C to stop)"
                    : " until " + maxEvents + " events are materialized"));
            out.flush();
            return watch(running, stop);
        }
    }

    private int watch(RunningApp running, StopSignal stop) {
        AppWatcher watcher = new AppWatcher(running::status, spec.commandLine().getOut(), spec.commandLine().getErr());
        while (!stop.await(POLL)) {
            AppStatus status = watcher.check();
            if (maxEvents != null && status.consumed() >= maxEvents) {
                spec.commandLine().getOut().println("app '" + status.app() + "' materialized " + status.consumed()
                        + " events; stopping");
                return 0;
            }
            if (status.state() == State.STOPPED) {
                spec.commandLine().getErr().println("ferry: app '" + status.app() + "' stopped on its own; see the log above");
                return 1;
            }
            if (status.state() == State.HALTED && maxEvents != null) {
                return 1;
            }
        }
        return 0;
    }

    /** Runs a step whose mistakes are the user's to fix, as one line. */
    private static <T> T checked(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (MaterializeException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
