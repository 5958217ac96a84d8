package dev.ferry.cli;

import dev.ferry.api.Start;
import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.AppStatus.State;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry demo}: the prediction example end to end on an embedded real Kafka broker: compile
 * it, send N sign-ups, run it, read every prediction back with an independent consumer, and say
 * how long each part took. Exit code 0 only if every prediction is there.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the prediction example end to end on an embedded real Kafka broker.",
            "Starts a Kafka broker (KRaft) in this process, sends N sign-up events, runs the example's @Ferry "
                    + "function as a consumer, then reads every prediction back with an independent consumer and "
                    + "checks it. Exit code 0 only if all N predictions arrived."
        })
final class DemoCommand implements Callable<Integer> {

    static final String EXAMPLE = "examples/src/main/java/dev/ferry/examples/PredictFoo.java";
    private static final int PARTITIONS = 3;
    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000",
            description = "How many sign-up events to send (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--source", paramLabel = "FILE",
            description = "The app's .java file (default: $FERRY_HOME/" + EXAMPLE + ").")
    Path source;

    private PrintWriter out;

    @Override
    public Integer call() {
        if (events < 1) {
            throw new ParameterException(spec.commandLine(), "--events must be at least 1, got " + events);
        }
        out = spec.commandLine().getOut();
        Path file = sourceFile();
        out.println("Ferry demo: a @Ferry function as a Kafka consumer, end to end on an embedded real Kafka broker");
        PlatformProfile platform = Profiles.load(root.env, root.workDir, null);
        if (platform.configuresKafka()) {
            String key = platform.sources().keySet().stream()
                    .filter(k -> k.startsWith("kafka.") || k.equals("security.protocol")).findFirst().orElseThrow();
            throw new CliException("the demo runs on an embedded broker of its own, but the platform profile sets "
                    + key + " (" + platform.sources().get(key) + "), which is about a real cluster: run the demo "
                    + "without it (in another directory, without FERRY_KAFKA_* and FERRY_SECURITY_* variables)");
        }
        AtomicLong brokerMs = new AtomicLong();
        CompletableFuture<EmbeddedKafkaBroker> starting = Background.supply("ferry-demo-broker-start", () -> {
            long started = System.nanoTime();
            try {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
                brokerMs.set(millisSince(started));
                return broker;
            } catch (RuntimeException e) {
                throw new CliException("could not start the embedded Kafka broker: " + e.getMessage(), e);
            }
        });
        LoadedApp loaded = load(file, starting);
        try (loaded; EmbeddedKafkaBroker broker = Background.join(starting)) {
            line("compiled", file.getFileName() + " in " + loaded.compileMs() + " ms: " + loaded.spec());
            line("broker", "Embedded Kafka broker (KRaft) at " + broker.bootstrapServers() + ", ready in "
                    + brokerMs.get() + " ms");
            return run(loaded.spec(), broker, platform, brokerMs.get());
        }
    }

    /** The example, checked; on failure the error is reported at once, then the starting broker is closed. */
    private LoadedApp load(Path file, CompletableFuture<EmbeddedKafkaBroker> starting) {
        try {
            LoadedApp loaded = AppLoader.load(file.toString(), null, List.of(), root.workDir);
            try {
                checked(loaded.spec());
                return loaded;
            } catch (RuntimeException e) {
                loaded.close();
                throw e;
            }
        } catch (RuntimeException e) {
            CliException reported = KnownErrors.reportNow(e, spec.commandLine());
            Background.closeWhenStarted(starting);
            throw reported;
        }
    }

    private int run(AppDescriptor app, EmbeddedKafkaBroker broker, PlatformProfile platform, long brokerMs) {
        String input = app.topics().get(0);
        String output = app.outputs().get(0).topic();
        broker.createTopic(input, PARTITIONS);
        broker.createTopic(output, PARTITIONS);
        long produceStarted = System.nanoTime();
        DemoEvents.produce(broker.bootstrapServers(), input, events);
        line("produced", events + " sign-up events to " + input + " in " + millisSince(produceStarted) + " ms, e.g. "
                + DemoEvents.signUp(42));
        PlatformProfile profile = platform.toBuilder().bootstrapServers(broker.bootstrapServers()).set("dev-mode", "true").build();
        long appStarted = System.nanoTime();
        try (RunningApp running = FerryEngine.start(app, profile)) {
            long startMs = millisSince(appStarted);
            line("running", RunCommand.describe(app) + " (start-up checks took " + startMs + " ms)");
            Timings timings = awaitConsumed(running, appStarted);
            OutputCheck check = OutputCheck.read(broker.bootstrapServers(), output, events, READ_BACK_TIMEOUT);
            line("read back", check.records() + " records from " + output + " with an independent consumer");
            report(check, brokerMs, timings);
            return check.allPresent() ? 0 : 1;
        }
    }

    /**
     * How long the app took, from its start.
     *
     * @param assignedMs            until its consumer had joined the group and got partitions
     * @param firstOutputMs         until its first output was acknowledged
     * @param consumedAtFirstOutput how many events it had consumed then
     * @param allMs                 until it had consumed every event
     */
    private record Timings(long assignedMs, long firstOutputMs, long consumedAtFirstOutput, long allMs) {
    }

    /** Waits until the app consumed every event, noting when its first output came. */
    private Timings awaitConsumed(RunningApp running, long appStarted) {
        long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
        long assignedMs = -1;
        long firstOutputMs = -1;
        long consumedAtFirstOutput = 0;
        AppStatus status = running.status();
        while (status.consumed() < events) {
            if (assignedMs < 0 && status.partitions() > 0) {
                assignedMs = millisSince(appStarted);
            }
            if (firstOutputMs < 0 && status.emitted() > 0) {
                firstOutputMs = millisSince(appStarted);
                consumedAtFirstOutput = status.consumed();
            }
            if (status.state() == State.HALTED || System.nanoTime() > deadline) {
                String why = status.failure().map(f -> "halted at " + f.position() + ": " + f.message())
                        .orElse("only " + status.consumed() + " of " + events + " events consumed within "
                                + CONSUME_TIMEOUT.toSeconds() + "s" + status.unreachable().map(
                                        u -> "; it cannot reach the Kafka cluster: " + u.describe()).orElse(""));
                throw new CliException("demo failed: app '" + status.app() + "' " + why);
            }
            LockSupport.parkNanos(POLL_NANOS);
            status = running.status();
        }
        long allMs = millisSince(appStarted);
        line("consumed", status.consumed() + " events, emitted " + status.emitted());
        return firstOutputMs < 0 ? new Timings(Math.max(assignedMs, 0), allMs, status.consumed(), allMs)
                : new Timings(assignedMs, firstOutputMs, consumedAtFirstOutput, allMs);
    }

    private void report(OutputCheck check, long brokerMs, Timings t) {
        out.println("Sample outputs:");
        check.samples().forEach(s -> out.println("  " + s));
        if (check.firstProblem() != null) {
            out.println("First bad output: " + check.firstProblem());
        }
        out.println("Summary:");
        out.println("  broker start:          " + brokerMs + " ms");
        out.println("  time to first output:  " + t.firstOutputMs() + " ms after the app started (partitions "
                + "assigned after " + t.assignedMs() + " ms)");
        out.println(String.format(Locale.ROOT, "  %d events in %d ms (%.0f events/s; %.0f events/s after the first output)",
                events, t.allMs(), events * 1000.0 / Math.max(1, t.allMs()),
                (events - t.consumedAtFirstOutput()) * 1000.0 / Math.max(1, t.allMs() - t.firstOutputMs())));
        out.println("  all " + events + " predictions present: " + (check.allPresent() ? "yes"
                : "no (" + check.present() + " of " + events + ")"));
        out.flush();
    }

    private AppDescriptor checked(AppDescriptor app) {
        if (app.outputs().isEmpty()) {
            throw new CliException("the demo needs an app with an output topic; " + app + " has none");
        }
        if (app.start() != Start.BEGINNING) {
            throw new CliException("the demo sends its events before the app starts, so " + app
                    + " must declare start = Start.BEGINNING");
        }
        return app;
    }

    private Path sourceFile() {
        if (source != null) {
            Path file = root.workDir.resolve(source);
            if (!Files.isRegularFile(file)) {
                throw new CliException("--source " + source + ": no such file");
            }
            return file;
        }
        String home = root.env.get("FERRY_HOME");
        Path file = (home == null ? root.workDir : root.workDir.resolve(home)).resolve(EXAMPLE);
        if (!Files.isRegularFile(file)) {
            throw new CliException("the demo's example " + file + " is missing: run the demo from the Ferry "
                    + "repository (or set FERRY_HOME to it), or pass an app with --source FILE");
        }
        return file;
    }

    private void line(String what, String text) {
        out.println(String.format(Locale.ROOT, "  %-10s %s", what, text));
        out.flush();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
