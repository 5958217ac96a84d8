package dev.ferry.cli;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.State;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.python.PythonRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry run}: the function as a Kafka consumer, on the profile's cluster or a dev broker. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a @Ferry app as a Kafka consumer until Ctrl-C.",
            "TARGET is a .java file, a Python file (.py), a .jar, a classes directory, a class name, or an app "
                    + "descriptor .yaml.",
            "With no platform profile at all (or one with dev-mode: true and no kafka.* setting) it runs in dev "
                    + "mode: it starts an embedded Kafka broker (KRaft) whose data survives restarts, creates missing "
                    + "topics, and writes its address to .ferry/bootstrap for `ferry produce` and `ferry tail`."
        })
final class RunCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(10);
    /**
     * How long SIGTERM waits for this command beyond the app's own stop (the shutdown timeout plus
     * {@link RunningApp#CLOSE_GRACE}): for the dev broker this command started, which shuts down after
     * the app.
     */
    private static final Duration DEV_BROKER_STOP = Duration.ofSeconds(10);

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "A .java file (compiled here), a .py file (its @ferry.register function), a .jar or classes directory (scanned for @Ferry methods), "
                    + "a fully-qualified class name on --classpath, or an app descriptor file (.yaml) whose "
                    + "classes are on --classpath.")
    String target;

    @Option(names = "--app", paramLabel = "NAME", description = "Which app to run when TARGET has several.")
    String app;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "CP",
            description = "More jars or directories for the app's classes and dependencies "
                    + "('${sys:path.separator}'-separated; may be repeated).")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML); default: $FERRY_PROFILE, else ./ferry.yaml if present. "
                    + "FERRY_* environment variables override it.")
    Path profile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded broker in dev mode (default: .ferry/kafka).")
    Path dataDir;

    @Option(names = "--max-events", paramLabel = "N",
            description = "Stop cleanly, with exit code 0, once the app has consumed at least N events.")
    Long maxEvents;

    @Override
    public Integer call() {
        if (maxEvents != null && maxEvents < 1) {
            throw new ParameterException(spec.commandLine(), "--max-events must be at least 1, got " + maxEvents);
        }
        PrintWriter out = spec.commandLine().getOut();
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        List<Path> cp = AppLoader.classpath(classpath, root.workDir);
        try (StopSignal stop = new StopSignal(platform.shutdownTimeout().plus(RunningApp.CLOSE_GRACE)
                .plus(DEV_BROKER_STOP))) {
            // In dev mode the broker starts while the app compiles: both take a second or two.
            CompletableFuture<DevBroker> starting = !onDevBroker(platform) ? null : Background.supply(
                    "ferry-dev-broker-start", () -> DevBroker.useOrStart(root.workDir, dataDir));
            LoadedApp loaded = loadClosingOnFailure(cp, starting, platform);
            try (loaded; DevBroker dev = starting == null ? null : Background.join(starting)) {
                if (dev != null) {
                    out.println(dev.banner(loaded.spec().topics().get(0), outputOrInput(loaded.spec())));
                    platform = onDevBroker(platform, dev);
                }
                return stop.requested() ? 0 : run(loaded.spec(), platform, stop);
            }
        }
    }

    /**
     * Whether this run is in dev mode on the embedded dev broker: only when the profile names no
     * cluster (no kafka.* setting at all) and either sets nothing at all (a newcomer's first run) or
     * asks for dev mode ({@code dev-mode: true}). A profile with kafka.* settings runs on that cluster,
     * and must name its bootstrap.servers; one with other settings but no {@code dev-mode: true} is
     * refused: it may be a platform's profile whose cluster address is missing.
     */
    static boolean onDevBroker(PlatformProfile profile) {
        if (profile.configuresKafka()) {
            profile.bootstrapServers(); // kafka.* settings without the address: fails, saying so
            return false;
        }
        if (profile.isEmpty() || profile.devMode()) {
            return true;
        }
        Map<String, String> set = profile.sources();
        String key = set.containsKey("dev-mode") ? "dev-mode" : set.keySet().iterator().next();
        throw new CliException("no Kafka cluster configured: the platform profile sets " + key + " (" + set.get(key)
                + ") but not kafka.common.bootstrap.servers. Set it (in " + PlatformProfile.DEFAULT_FILE + ", or "
                + "FERRY_KAFKA_BOOTSTRAP_SERVERS) to run on that cluster, or set dev-mode: true to run on an embedded "
                + "dev broker; ferry run starts one unasked only when there is no profile at all");
    }

    /** The profile on the dev broker: its address, dev mode, and where each came from. */
    static PlatformProfile onDevBroker(PlatformProfile profile, DevBroker dev) {
        PlatformProfile.Builder b = profile.toBuilder().set("kafka.common.bootstrap.servers", dev.bootstrapServers(),
                dev.owned() ? "the dev broker that ferry run started, data in " + dev.dataDirectory()
                        : "the dev broker in " + DevBroker.DIRECTORY + "/bootstrap");
        if (!profile.devMode()) {
            b.set("dev-mode", "true", "ferry run with no platform profile");
        }
        return b.build();
    }

    private LoadedApp loadClosingOnFailure(List<Path> cp, CompletableFuture<DevBroker> starting,
                                           PlatformProfile platform) {
        try {
            return AppLoader.load(target, app, cp, root.workDir, platform.pluginSettings(PythonRuntime.NAME));
        } catch (RuntimeException e) {
            if (starting == null) {
                throw e;
            }
            CliException reported = KnownErrors.reportNow(e, spec.commandLine());
            Background.closeWhenStarted(starting);
            throw reported;
        }
    }

    private int run(AppDescriptor appSpec, PlatformProfile platform, StopSignal stop) {
        PrintWriter out = spec.commandLine().getOut();
        try (RunningApp running = FerryEngine.start(appSpec, platform)) {
            out.println(describe(appSpec) + (maxEvents == null ? " (Ctrl-C to stop)"
                    : " until " + maxEvents + " events are consumed"));
            out.flush();
            return watch(running, stop);
        }
    }

    private static String outputOrInput(AppDescriptor app) {
        return app.outputs().isEmpty() ? app.topics().get(0) : app.outputs().get(0).topic();
    }

    private int watch(RunningApp running, StopSignal stop) {
        AppWatcher watcher = new AppWatcher(running::status, spec.commandLine().getOut(), spec.commandLine().getErr());
        while (!stop.await(POLL)) {
            AppStatus status = watcher.check();
            if (maxEvents != null && status.consumed() >= maxEvents) {
                spec.commandLine().getOut().println("app '" + status.app() + "' consumed " + status.consumed()
                        + " events and emitted " + status.emitted() + "; stopping");
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

    static String describe(AppDescriptor spec) {
        String outputs = spec.outputs().isEmpty() ? "nothing"
                : spec.outputs().stream().map(OutputDescriptor::topic).collect(Collectors.joining(", "));
        return "app '" + spec.name() + "' running: topics " + String.join(", ", spec.topics()) + " -> " + outputs;
    }
}
