package dev.ferry.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One contender's child JVM: {@code java <options> -cp <this classpath> dev.ferry.benchmark.ContenderMain ...}.
 * Its stderr goes to a log file; its stdout is copied there too and watched for the {@link ChildReport} line.
 */
final class ChildProcess implements AutoCloseable {

    private static final Duration EXIT_GRACE = Duration.ofSeconds(45);

    private final Process process;
    private final long launchedMs;
    private final CompletableFuture<ChildReport> report = new CompletableFuture<>();
    private final Path log;

    private ChildProcess(Process process, long launchedMs, Path log) {
        this.process = process;
        this.launchedMs = launchedMs;
        this.log = log;
    }

    /**
     * Starts a child running {@code contender} on {@code spec}, logging to {@code log}.
     *
     * @throws ContenderUnsupportedException if the contender runs from a jar of its own that is not built
     */
    static ChildProcess start(Contender contender, RunSpec spec, List<String> jvmOptions, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (contender.ownJvm()) {
            Path jar = ParallelConsumerJar.find().orElseThrow(() -> new ContenderUnsupportedException(
                    "its jar " + ParallelConsumerJar.path() + " is not built: mvn -B -q package -DskipTests "
                            + "-pl ferry-benchmark-pc -am"));
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.add("-cp");
            command.add(classpath());
            command.add(ContenderMain.class.getName());
            command.add(contender.key());
        }
        command.add(spec.bootstrap());
        command.add(spec.inputTopic());
        command.add(spec.outputTopic());
        command.add(Long.toString(spec.events()));
        if (contender.scenario() != Scenario.PLAIN) {
            command.add(Long.toString(spec.waitMs()));
            command.add(Integer.toString(spec.concurrency()));
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, String.join(" ", command) + System.lineSeparator());
            long launched = System.currentTimeMillis();
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ChildProcess child = new ChildProcess(p, launched, log);
            Thread reader = new Thread(child::readStdout, "child-stdout-" + contender.key());
            reader.setDaemon(true);
            reader.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + contender.key() + " child JVM", e);
        }
    }

    /**
     * This JVM's classpath, which holds the contenders. Under Surefire {@code java.class.path} may be a
     * manifest-only jar; the test classpath is then in {@code surefire.test.class.path}.
     */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Files.writeString(log, line + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
                ChildReport.parse(line).ifPresent(report::complete);
                if (line.startsWith(ChildReport.UNSUPPORTED + " ")) {
                    report.completeExceptionally(new ContenderUnsupportedException(
                            line.substring(ChildReport.UNSUPPORTED.length() + 1)));
                } else if (line.startsWith(ChildReport.FAILED + " ")) {
                    report.completeExceptionally(new IllegalStateException(
                            line.substring(ChildReport.FAILED.length() + 1) + "; see " + log));
                }
            }
        } catch (IOException e) {
            // the child is gone; handled below
        }
        report.completeExceptionally(new IllegalStateException("the child JVM exited (code "
                + exitCode() + ") without reporting; see " + log));
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** When the child was launched, wall-clock milliseconds since the epoch. */
    long launchedMs() {
        return launchedMs;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * The child's report, once every input event is committed.
     *
     * @throws IllegalStateException if it exits without one or {@code timeout} passes first
     */
    ChildReport awaitReport(Duration timeout) throws InterruptedException {
        try {
            return report.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ContenderUnsupportedException unsupported) {
                throw unsupported;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no result within " + timeout.toSeconds() + " s; see " + log, e);
        }
    }

    /** Waits for the child to exit after its report, and kills it if it does not (at once if it gave none). */
    @Override
    public void close() {
        if (!report.isDone() || report.isCompletedExceptionally()) {
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(EXIT_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
