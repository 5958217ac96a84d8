package dev.ferry.benchmark;

import dev.ferry.engine.AppDefinitionException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The child JVM of one contender run, started by the harness ({@link BenchmarkMain}) so that CPU time
 * and peak RSS belong to that contender alone:
 *
 * <pre>
 * java -cp ferry-benchmark.jar dev.ferry.benchmark.ContenderMain NAME BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC N [WAIT_MS CONCURRENCY]
 * </pre>
 *
 * (the last two for the slow scenario: the simulated I/O per event and the concurrency; for the idle scenario,
 * the measured window in ms and 1: see {@link IdleWindow}, whose report's CPU is the window's alone.)
 * It starts the contender in the consumer group named after the output topic, waits until that group
 * has committed all N input events, then prints one {@link ChildReport} line on stdout (its CPU time and
 * peak RSS measured at that moment) and exits. If the contender fails, it prints
 * {@code FERRY-BENCH FAILED <why>}, or {@code FERRY-BENCH UNSUPPORTED <why>} when Ferry's engine rejects
 * the app at start-up (an {@code AppDefinitionException}: a function shape this engine does not run).
 * Exit code 0 when done, 1 if the contender failed, 2 on a usage error. Logging goes to stderr.
 */
public final class ContenderMain {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private ContenderMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        RunSpec spec;
        Contender contender;
        try {
            if (args.length != 5 && args.length != 7) {
                throw new IllegalArgumentException("expected 5 or 7 arguments, got " + args.length);
            }
            contender = Contender.named(args[0]);
            spec = args.length == 5
                    ? new RunSpec(args[1], args[2], args[3], BenchTopics.group(args[3]), Long.parseLong(args[4]))
                    : new RunSpec(args[1], args[2], args[3], BenchTopics.group(args[3]), Long.parseLong(args[4]),
                            Long.parseLong(args[5]), Integer.parseInt(args[6]));
        } catch (IllegalArgumentException e) {
            err.println("usage: ContenderMain NAME BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC N [WAIT_MS CONCURRENCY]  ("
                    + e.getMessage() + ")");
            return 2;
        }
        // no admin client in an idle run: its own polling would be counted in the window
        try (CommitWatcher watcher = contender.scenario() == Scenario.IDLE ? null : new CommitWatcher(spec)) {
            ContenderRunner runner;
            try {
                runner = contender.start(spec);
            } catch (AppDefinitionException e) {
                out.println(ChildReport.UNSUPPORTED + " " + oneLine(e.getMessage()));
                out.flush();
                err.println(contender.key() + " is not supported by this engine: " + e.getMessage());
                return 1;
            }
            try {
                ChildReport report;
                if (contender.scenario() == Scenario.IDLE) {
                    report = IdleWindow.measure(contender, Duration.ofMillis(spec.waitMs()), err);
                    if (runner.failure().isPresent()) {
                        throw new IllegalStateException(runner.failure().get());
                    }
                } else {
                    watcher.awaitAllCommitted(runner::failure);
                    long doneMs = System.currentTimeMillis();
                    ProcessStats stats = ProcessStats.now();
                    report = new ChildReport(ManagementFactory.getRuntimeMXBean().getStartTime(),
                            Progress.firstEventMillis(), doneMs, stats.cpuNanos(), stats.peakRssKb());
                }
                out.println(report.line());
                out.flush();
                if (contender.scenario() != Scenario.IDLE) {
                    ThreadCpu.start().printSince("the whole run", err);
                }
            } finally {
                closeWithin(runner, CLOSE_GRACE);
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(contender.key() + ": interrupted");
            return 1;
        } catch (RuntimeException e) {
            out.println(ChildReport.FAILED + " " + oneLine(e.toString()));
            out.flush();
            err.println(contender.key() + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replace('\r', ' ').replace('\n', ' ');
    }

    /** Closes the contender, but halts the JVM if that takes longer than {@code grace}: the numbers are already out. */
    private static void closeWithin(ContenderRunner runner, Duration grace) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
                System.err.println("closing the contender took longer than " + grace.toSeconds() + " s; halting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "close-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        runner.close();
        watchdog.interrupt();
    }
}
