package dev.ferry.engine.internal;

import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.StoreAvailability;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the sink of one consumer can write to its store, as the sink says: passes each change
 * (not each call) on to the app's listeners, so that the status shows the outage from its first
 * failure and the reporter writes one report per change.
 */
final class StoreReach implements StoreAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(StoreReach.class);

    private final String app;
    private final int consumer;
    private final LifecycleListener listeners;
    private Instant since; // guarded by this; null while available

    StoreReach(String app, int consumer, LifecycleListener listeners) {
        this.app = app;
        this.consumer = consumer;
        this.listeners = listeners;
    }

    @Override
    public void unavailable(String reason) {
        Objects.requireNonNull(reason, "reason");
        Instant at;
        synchronized (this) {
            if (since != null) {
                return;
            }
            since = at = Instant.now();
        }
        LOG.warn("app '{}' consumer {}: cannot write to its store: {}; not ready until it can", app, consumer, reason);
        listeners.storeUnavailable(consumer, at, reason);
    }

    @Override
    public void available() {
        Duration down;
        synchronized (this) {
            if (since == null) {
                return;
            }
            down = Duration.between(since, Instant.now());
            since = null;
        }
        LOG.info("app '{}' consumer {}: writes to its store again, after {}s", app, consumer, down.toSeconds());
        listeners.storeAvailable(consumer, down);
    }
}
