package dev.ferry.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

/**
 * One app JVM started by the harness ({@link AppProcess}), with its output in a log file. It can be
 * killed (SIGKILL: no shutdown hook runs, nothing is flushed or committed) or stopped (SIGTERM: the
 * app closes cleanly, bounded by a grace period, then SIGKILL).
 */
final class AppInstance {

    private final String name;
    private final Process process;
    private final Path log;

    private AppInstance(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java JVM-OPTIONS -cp CLASSPATH AppProcess BOOTSTRAP NAME SETTINGS...}, logging to
     * {@code logDir/NAME.log}.
     */
    static AppInstance start(String name, String bootstrapServers, List<String> jvmOptions, List<String> settings,
                             Path logDir) {
        List<String> args = new ArrayList<>(List.of(bootstrapServers, name));
        args.addAll(settings);
        return launch(name, jvmOptions, AppProcess.class.getName(), args, logDir);
    }

    /**
     * Starts {@code java JVM-OPTIONS -cp CLASSPATH MAIN-CLASS ARGS...} (an app or the proxy), logging to
     * {@code logDir/NAME.log}.
     */
    static AppInstance launch(String name, List<String> jvmOptions, String mainClass, List<String> args, Path logDir) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), mainClass));
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new AppInstance(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * This JVM's classpath, which holds the app and the engine. Under Surefire {@code java.class.path}
     * may be a manifest-only jar; the test classpath is then in {@code surefire.test.class.path}.
     */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** The first line of the log that matches, if any. */
    Optional<String> firstLogLine(Predicate<String> matches) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(matches).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGKILL, then waits (bounded) until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(10);
    }

    /** SIGTERM, waits up to {@code graceSeconds} for a clean stop, then SIGKILL. True if it stopped cleanly. */
    boolean stop(long graceSeconds) {
        process.destroy();
        if (awaitExit(graceSeconds)) {
            return true;
        }
        kill();
        return false;
    }

    private boolean awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + (alive() ? " (pid " + process.pid() + ")" : " (exited " + exitCode() + ")");
    }
}
