package dev.ferry.materialize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for a fault run, so that restarting it touches nothing else (the
 * shared server at 127.0.0.1:5432 serves the whole suite): {@code initdb} into a temporary directory,
 * {@code pg_ctl start} on a free port of 127.0.0.1, trust auth, run as the {@code postgres} OS user
 * through {@code runuser} (postgres refuses to run as root). {@link #restart()} stops it in immediate
 * mode (like a crash: no checkpoint) and starts it again on the same port and data directory.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private int restarts;

    private PrivatePostgres(Path bin, Path dataDir, Path log, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    /** Creates a cluster in a new temporary directory and starts it; fails naming what is missing. */
    public static PrivatePostgres start() {
        Path bin = findBin();
        if (!Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/usr/bin/runuser"))) {
            throw new IllegalStateException("a private PostgreSQL needs runuser (util-linux) to run as the postgres "
                    + "user; it is not in /usr/sbin or /usr/bin");
        }
        try {
            Path dir = Files.createTempDirectory("ferry-private-pg");
            Path data = dir.resolve("data");
            Path log = dir.resolve("postgres.log");
            run(List.of("chown", "-R", "postgres", dir.toString()), "chown of " + dir + " to the postgres user");
            run(List.of("chmod", "755", dir.toString()), "chmod of " + dir);
            run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8"), "initdb into " + data);
            PrivatePostgres pg = new PrivatePostgres(bin, data, log, freePort());
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of database {@code postgres} on this server. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /** How many times {@link #restart()} has run. */
    public int restarts() {
        return restarts;
    }

    /** A new connection as user postgres. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", null);
    }

    /** Stops the server in immediate mode (every connection is cut, nothing is checkpointed) and starts it again. */
    public void restart() {
        stopServer("immediate");
        startServer();
        restarts++;
    }

    @Override
    public void close() {
        try {
            stopServer("immediate");
        } finally {
            deleteQuietly(dataDir.getParent());
        }
    }

    private void startServer() {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", log.toString(), "-w",
                "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir.getParent() + " -c fsync=off"
                        + " -c max_connections=200", "start"),
                "start of PostgreSQL on 127.0.0.1:" + port + " (log " + log + ")");
    }

    private void stopServer(String mode) {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", mode, "-w", "stop"),
                "stop of PostgreSQL on 127.0.0.1:" + port + " (log " + log + ")");
    }

    private static Path findBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                List<Path> bins = new ArrayList<>(versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .toList());
                bins.sort(Comparator.comparing(Path::toString));
                if (!bins.isEmpty()) {
                    return bins.get(bins.size() - 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("a private PostgreSQL needs the server binaries initdb and pg_ctl in "
                + "/usr/lib/postgresql/<version>/bin (package postgresql); none found");
    }

    private static List<String> asPostgres(String... command) {
        List<String> c = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        c.addAll(List.of(command));
        return c;
    }

    private static void run(List<String> command, String what) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in " + START_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + new String(out).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
