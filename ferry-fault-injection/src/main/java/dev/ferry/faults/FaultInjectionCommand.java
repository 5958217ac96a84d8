package dev.ferry.faults;

import dev.ferry.engine.Guarantee;
import dev.ferry.engine.ProfileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The fault-injection suite as a command: runs {@link FaultRun}, prints the report's table, writes
 * it to {@code results/<guarantee>.md}. Exit code 0 when the guarantee held and the input was fully
 * processed, 1 when not, 2 for a wrong command line.
 */
@Command(name = "ferry-fault-injection", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Proves the delivery guarantee against a real broker: produces events with unique ids, runs the app "
                    + "as a separate process, SIGKILLs and restarts it, restarts the broker, adds and removes a second "
                    + "instance, then reads every output back with an independent consumer and reports events lost "
                    + "(must be 0), duplicates and the wall time."})
public final class FaultInjectionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--events", description = "Input events, with ids 0..N-1 (default: ${DEFAULT-VALUE}).")
    long events = 100_000;

    @Option(names = "--kills", description = "SIGKILLs of a running app instance, each followed by a restart (default: ${DEFAULT-VALUE}).")
    int kills = 10;

    @Option(names = "--broker-restarts", description = "Broker stop/start cycles during processing (default: ${DEFAULT-VALUE}).")
    int brokerRestarts = 1;

    @Option(names = "--rebalances", description = "Times a second instance is added and later removed (default: ${DEFAULT-VALUE}).")
    int rebalances = 1;

    @Option(names = "--partitions", description = "Input partitions (default: ${DEFAULT-VALUE}).")
    int partitions = 6;

    @Option(names = "--seed", description = "Seed of the fault plan; printed in the report so a run can be repeated (default: random).")
    Long seed;

    @Option(names = "--guarantee", description = "Engine guarantee under test: at-least-once, exactly-once or at-most-once; "
            + "decides what the audit expects (default: ${DEFAULT-VALUE}).")
    String guarantee = "at-least-once";

    @Option(names = "--group-protocol", description = "classic (the engine's default), cooperative or consumer (KIP-848) (default: ${DEFAULT-VALUE}).")
    String groupProtocol = "classic";

    @Option(names = "--session-timeout", description = "How long a killed instance stays in the group, e.g. 3s (default: ${DEFAULT-VALUE}).")
    String sessionTimeout = "3s";

    @Option(names = "--batch-work", description = "Time the app's function spends per call of up to "
            + FaultApp.BATCH_SIZE + " events, as a model would; the longer, the more faults land in a backlog of "
            + "the app's own rather than in the input held back for them (default: ${DEFAULT-VALUE}).")
    String batchWork = "20ms";

    @Option(names = "--output-bytes", description = "Padding of every output, in bytes, to make writes and "
            + "transactions take longer (default: ${DEFAULT-VALUE}).")
    int outputBytes;

    @Option(names = "--timeout", description = "The most the processing may take before the run fails as incomplete, e.g. 10m (default: ${DEFAULT-VALUE}).")
    String timeout = "10m";

    @Option(names = "--poison-every", description = "Make every n-th event a poison event that the app always fails on; "
            + "the app runs with poison-policy dead-letter and the audit expects each in the dead-letter topic (default: none).")
    int poisonEvery;

    @Option(names = "--proxy", description = "Run the app with write-back: proxy, through a ferry proxy that runs as a "
            + "process of its own.")
    boolean proxy;

    @Option(names = "--proxy-kills", description = "SIGKILLs of the write-back proxy, each followed by a restart "
            + "(with --proxy; default: ${DEFAULT-VALUE}).")
    int proxyKills;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A further setting of the app's platform profile, "
            + "as in ferry.yaml with dotted keys, e.g. --set kafka.producer.transaction.timeout.ms=10000. Repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--results", description = "The Markdown report (default: ferry-fault-injection/results/<guarantee>.md).")
    Path results;

    @Option(names = "--logs", description = "Where each app instance's log goes (default: ferry-fault-injection/target/fault-logs).")
    Path logs;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultInjectionCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        RunOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        RunReport report = FaultRun.execute(options, line -> {
            out.println(line);
            out.flush();
        });
        String markdown = report.toMarkdown();
        Path file = results != null ? results : moduleDir().resolve("results").resolve(options.guarantee().key() + ".md");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown);
        out.println();
        out.println(markdown);
        out.println("written to " + file.toAbsolutePath().normalize());
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private RunOptions options() {
        try {
            return new RunOptions(events, partitions, kills, brokerRestarts, rebalances,
                    seed != null ? seed : new SecureRandom().nextLong(), Guarantee.parse(guarantee, "--guarantee"),
                    GroupProtocol.parse(groupProtocol), duration(sessionTimeout, "--session-timeout"),
                    duration(batchWork, "--batch-work"), outputBytes, duration(timeout, "--timeout"), poisonEvery,
                    logs != null ? logs : moduleDir().resolve("target").resolve("fault-logs"), settings, proxy,
                    proxyKills);
        } catch (IllegalArgumentException | ProfileException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}. */
    static Duration duration(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default: break;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a duration such as 500ms, 30s or 10m, got '" + text + "'");
    }

    /**
     * The module's directory: the parent of {@code target/} when running from the built jar, else the
     * working directory.
     */
    static Path moduleDir() {
        try {
            Path code = Path.of(FaultInjectionCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return target.getParent();
            }
            if (code.getFileName() != null && code.getFileName().toString().equals("classes")
                    && target != null && target.getParent() != null) {
                return target.getParent();
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }
}
