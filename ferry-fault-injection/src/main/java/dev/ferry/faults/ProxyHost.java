package dev.ferry.faults;

import dev.ferry.proxy.TokenHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The write-back proxy of a run with {@code --proxy}: its config file (the app's token hash, the
 * run's dead-letter topic) and the app's token file in the log directory, a port fixed for the run so
 * the app finds it again after each restart, and its JVM ({@link ProxyProcess}), which can be
 * SIGKILLed and started again. Counts what it did.
 */
final class ProxyHost {

    private final String bootstrapServers;
    private final Path logDir;
    private final Path config;
    private final Path token;
    private final int port;
    private final Consumer<String> log;
    private final List<String> crashes = new ArrayList<>();
    private AppInstance process;
    private int starts;
    private int kills;

    private ProxyHost(String bootstrapServers, Path logDir, Path config, Path token, int port, Consumer<String> log) {
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.config = config;
        this.token = token;
        this.port = port;
        this.log = log;
    }

    /** Writes the proxy's files for the run's app, picks its port; starts nothing yet. */
    static ProxyHost prepare(String bootstrapServers, Path logDir, Consumer<String> log) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String secret = TokenHash.newToken();
            Path token = Files.writeString(logDir.resolve("app.token"), secret);
            Path config = Files.writeString(logDir.resolve("proxy.yaml"), "listen: 127.0.0.1:" + port + "\n"
                    + "dead-letter-topic: " + FaultApp.DEAD_LETTERS + "\n"
                    + "catalog-wait: 30s\n"
                    + "apps:\n  " + FaultApp.NAME + ": " + TokenHash.of(secret) + "\n");
            return new ProxyHost(bootstrapServers, logDir, config, token, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the proxy's files in " + logDir, e);
        }
    }

    /** The app's profile settings that make it write through this proxy. */
    List<String> appSettings() {
        return List.of("write-back=proxy", "plugins.proxy.address=127.0.0.1:" + port,
                "plugins.proxy.token-file=" + token.toAbsolutePath(), "plugins.proxy.timeout=10s");
    }

    /** Starts a new incarnation, {@code proxy-N}. */
    void start() {
        starts++;
        process = AppInstance.launch("proxy-" + starts, List.of(), ProxyProcess.class.getName(),
                List.of(bootstrapServers, config.toString()), logDir);
        log.accept("started " + process.name() + " on port " + port);
    }

    /** SIGKILLs the proxy. */
    void kill() {
        process.kill();
        kills++;
        log.accept("killed " + process.name() + " (SIGKILL)");
    }

    /** Starts the proxy again if it exited without being told to, and remembers it as a crash. */
    void reviveCrashed() {
        if (process != null && !process.alive()) {
            String crash = process.name() + " exited on its own with code " + process.exitCode() + " (see "
                    + process.log() + ")";
            crashes.add(crash);
            log.accept(crash + "; restarting it");
            start();
        }
    }

    /** Stops it with SIGTERM within the grace period, then SIGKILL. */
    void stop(long graceSeconds) {
        if (process != null) {
            boolean clean = process.stop(graceSeconds);
            log.accept("stopped " + process.name() + (clean ? "" : " (SIGTERM timed out; SIGKILLed)"));
            process = null;
        }
    }

    int kills() {
        return kills;
    }

    List<String> crashes() {
        return List.copyOf(crashes);
    }
}
