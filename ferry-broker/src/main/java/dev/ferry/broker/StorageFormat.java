package dev.ferry.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;

/**
 * Formats a fresh data directory the way {@code kafka-storage.sh format} does for a static quorum,
 * and leaves an already formatted one alone so that its data survives.
 */
final class StorageFormat {

    private static final Logger log = LoggerFactory.getLogger(StorageFormat.class);

    private StorageFormat() {
    }

    static void formatIfNeeded(KafkaConfig config, DataDirectory dataDirectory) {
        if (dataDirectory.isFormatted()) {
            log.debug("Reusing the formatted Kafka data directory {}", dataDirectory.path());
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setUnstableFeatureVersionsEnabled(config.unstableFeatureVersionsEnabled())
                    .setIgnoreFormatted(false)
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(false)
                    .setDirectories(config.logDirs())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka data directory " + dataDirectory.path()
                    + ": " + e.getMessage(), e);
        }
        log.debug("Formatted the Kafka data directory {}: {}", dataDirectory.path(),
                output.toString(StandardCharsets.UTF_8).trim());
    }
}
