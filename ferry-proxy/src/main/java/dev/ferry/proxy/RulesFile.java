package dev.ferry.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The envelope rules file, re-read when its modification time or size changes (looked at every
 * {@code rules-poll}), so a rule the platform changes applies to running apps within that time. A
 * file that no longer parses is reported and the rules in force stay; a file that is gone means no
 * rules. Polling rather than a {@code WatchService}: it sees a file replaced through a symlink, as a
 * Kubernetes ConfigMap is, and costs one {@code stat} a second.
 */
final class RulesFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RulesFile.class);

    private final Optional<Path> file;
    private final ScheduledExecutorService poller;
    private volatile EnvelopeRules current = EnvelopeRules.NONE;
    private FileTime lastModified;
    private long lastSize = -1;

    /**
     * The rules of {@code file} (none if empty), read now and then every {@code poll}.
     *
     * @throws ProxyException if the file does not parse at start
     */
    RulesFile(Optional<Path> file, Duration poll) {
        this.file = file;
        if (file.isEmpty()) {
            poller = null;
            return;
        }
        if (!Files.isRegularFile(file.get())) {
            throw new ProxyException("envelope rules file " + file.get() + " (rules-file) does not exist");
        }
        reload(true);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-proxy-rules");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> reload(false), poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The rules in force. */
    EnvelopeRules current() {
        return current;
    }

    private void reload(boolean atStart) {
        Path p = file.get();
        try {
            if (!Files.exists(p)) {
                if (current.size() > 0) {
                    LOG.warn("envelope rules file {} is gone; no rules apply until it is back", p);
                }
                current = EnvelopeRules.NONE;
                lastModified = null;
                return;
            }
            FileTime modified = Files.getLastModifiedTime(p);
            long size = Files.size(p);
            if (modified.equals(lastModified) && size == lastSize) {
                return;
            }
            lastModified = modified;
            lastSize = size;
            EnvelopeRules rules = EnvelopeRules.parse(Files.readString(p), "envelope rules file " + p);
            current = rules;
            LOG.info("envelope rules file {}: {} rule(s) {}", p, rules.size(), atStart ? "in force" : "in force now");
        } catch (ProxyException e) {
            if (atStart) {
                throw e;
            }
            LOG.error("{}; the rules in force stay until the file is fixed", e.getMessage());
        } catch (IOException e) {
            if (atStart) {
                throw new ProxyException("envelope rules file " + p + " cannot be read: " + e.getMessage(), e);
            }
            LOG.error("envelope rules file {} cannot be read ({}); the rules in force stay", p, e.toString());
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
