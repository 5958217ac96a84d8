package dev.ferry.cli;

import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The development cluster of one working directory: an embedded Kafka broker whose data lives in
 * {@code .ferry/kafka} (so it survives restarts) and whose address is written to
 * {@code .ferry/bootstrap}, where {@code ferry produce} and {@code ferry tail} in another terminal
 * find it. Closing it stops the broker and removes the address file.
 */
final class DevBroker implements AutoCloseable {

    static final String DIRECTORY = ".ferry";
    static final Path DEFAULT_DATA = Path.of(DIRECTORY, "kafka");
    private static final int CONNECT_TIMEOUT_MS = 500;

    private final EmbeddedKafkaBroker broker;
    private final String address;
    private final Path workDir;
    private final String shownDataDir;

    private DevBroker(EmbeddedKafkaBroker broker, String address, Path workDir, String shownDataDir) {
        this.broker = broker;
        this.address = address;
        this.workDir = workDir;
        this.shownDataDir = shownDataDir;
    }

    /**
     * The dev broker of this working directory: the one published in .ferry/bootstrap if it answers
     * (another {@code ferry run} or {@code ferry broker} owns it), else a new one owned by the caller.
     */
    static DevBroker useOrStart(Path workDir, Path dataDir) {
        return running(workDir).map(address -> new DevBroker(null, address, workDir, null))
                .orElseGet(() -> start(workDir, dataDir, 0));
    }

    /** Starts a broker on {@code dataDir} (default .ferry/kafka) and publishes its address. */
    static DevBroker start(Path workDir, Path dataDir, int port) {
        Path data = workDir.resolve(dataDir == null ? DEFAULT_DATA : dataDir).normalize();
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.builder().dataDirectory(data).port(port).start();
        } catch (RuntimeException e) {
            throw new CliException("could not start the embedded Kafka broker with data in " + data + ": "
                    + e.getMessage(), e);
        }
        Path file = addressFile(workDir);
        try {
            write(file, broker.bootstrapServers());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new DevBroker(broker, broker.bootstrapServers(), workDir, shown(workDir, data));
    }

    /** The address in .ferry/bootstrap, if the file exists and something listens there. */
    static Optional<String> running(Path workDir) {
        return published(workDir).filter(DevBroker::answers);
    }

    /** The address in .ferry/bootstrap, if the file exists, whether or not the broker is still up. */
    static Optional<String> published(Path workDir) {
        Path file = addressFile(workDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String address = Files.readString(file, StandardCharsets.UTF_8).strip();
            return address.isEmpty() ? Optional.empty() : Optional.of(address);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Path addressFile(Path workDir) {
        return workDir.resolve(DIRECTORY).resolve("bootstrap");
    }

    String bootstrapServers() {
        return address;
    }

    /** Whether this process started the broker (else it uses one that another process published). */
    boolean owned() {
        return broker != null;
    }

    /** The data directory as the user would type it: relative to the working directory if inside it. */
    String dataDirectory() {
        return shownDataDir;
    }

    /** The line that tells a newcomer where the broker is and what to try. */
    String banner(String inputTopic, String outputTopic) {
        if (!owned()) {
            return "Using the dev Kafka broker at " + address + " (from " + DIRECTORY + "/bootstrap)";
        }
        return "Embedded Kafka broker (KRaft) at " + bootstrapServers() + ", data in " + shownDataDir
                + " - try: ferry produce " + inputTopic + " < events.jsonl, ferry tail " + outputTopic
                + ", or kcat -b " + bootstrapServers() + " -L";
    }

    @Override
    public void close() {
        if (!owned()) {
            return;
        }
        try {
            if (published(workDir).filter(address::equals).isPresent()) {
                Files.deleteIfExists(addressFile(workDir));
            }
        } catch (IOException | RuntimeException e) {
            // The address file is a convenience; a stale one is detected by the next reader.
        } finally {
            broker.close();
        }
    }

    private static boolean answers(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void write(Path file, String address) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "bootstrap", ".tmp");
            Files.writeString(temp, address + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's address to " + file, e);
        }
    }

    private static String shown(Path workDir, Path data) {
        return data.startsWith(workDir) && !data.equals(workDir) ? workDir.relativize(data).toString() : data.toString();
    }
}
