package dev.ferry.engine.internal;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.LifecycleListener;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.ProcessingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every listener of one app, called in order: the status and metrics first, then the profile's.
 * A listener that throws is logged (with its stack the first time) and skipped for that callback;
 * it never stops the app.
 */
final class Listeners implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final String app;
    private final LifecycleListener[] listeners;
    private final AtomicBoolean[] warned;

    Listeners(String app, List<LifecycleListener> listeners) {
        this.app = app;
        this.listeners = listeners.toArray(new LifecycleListener[0]);
        this.warned = new AtomicBoolean[this.listeners.length];
        for (int i = 0; i < warned.length; i++) {
            warned[i] = new AtomicBoolean();
        }
    }

    private void each(Consumer<LifecycleListener> call) {
        for (int i = 0; i < listeners.length; i++) {
            try {
                call.accept(listeners[i]);
            } catch (RuntimeException | LinkageError e) {
                if (warned[i].compareAndSet(false, true)) {
                    LOG.warn("app '{}': listener {} failed; the app goes on (later failures are logged at debug)",
                            app, listeners[i].getClass().getName(), e);
                } else {
                    LOG.debug("app '{}': listener {} failed: {}", app, listeners[i].getClass().getName(), e.toString());
                }
            }
        }
    }

    @Override
    public void started() {
        each(LifecycleListener::started);
    }

    @Override
    public void assigned(int consumer, Collection<Partition> partitions, int owned) {
        each(l -> l.assigned(consumer, partitions, owned));
    }

    @Override
    public void revoked(int consumer, Collection<Partition> partitions, boolean lost, int owned) {
        each(l -> l.revoked(consumer, partitions, lost, owned));
    }

    @Override
    public void completed(int consumer, List<Event> events, List<OutputRecord> outputs) {
        each(l -> l.completed(consumer, events, outputs));
    }

    @Override
    public void functionCalled(int consumer, int events, long nanos) {
        each(l -> l.functionCalled(consumer, events, nanos));
    }

    @Override
    public void batchCompleted(int consumer, int events, Duration took) {
        each(l -> l.batchCompleted(consumer, events, took));
    }

    @Override
    public void failed(int consumer, ProcessingException.Stage stage, String reason) {
        each(l -> l.failed(consumer, stage, reason));
    }

    @Override
    public void retrying(int consumer, EventPosition position, int attempt, Duration backoff, String reason) {
        each(l -> l.retrying(consumer, position, attempt, backoff, reason));
    }

    @Override
    public void deadLettered(int consumer, EventPosition position, int attempts, String reason) {
        each(l -> l.deadLettered(consumer, position, attempts, reason));
    }

    @Override
    public void halted(int consumer, EventPosition position, int attempts, String reason) {
        each(l -> l.halted(consumer, position, attempts, reason));
    }

    @Override
    public void skipped(int consumer, EventPosition position, String by, String reason) {
        each(l -> l.skipped(consumer, position, by, reason));
    }

    @Override
    public void lagSampled(int consumer, List<PartitionLag> lags) {
        each(l -> l.lagSampled(consumer, lags));
    }

    @Override
    public void clusterUnreachable(int consumer, Instant since) {
        each(l -> l.clusterUnreachable(consumer, since));
    }

    @Override
    public void clusterReachable(int consumer, Duration unreachableFor) {
        each(l -> l.clusterReachable(consumer, unreachableFor));
    }

    @Override
    public void storeUnavailable(int consumer, Instant since, String reason) {
        each(l -> l.storeUnavailable(consumer, since, reason));
    }

    @Override
    public void storeAvailable(int consumer, Duration unavailableFor) {
        each(l -> l.storeAvailable(consumer, unavailableFor));
    }

    @Override
    public void stopped(int consumer) {
        each(l -> l.stopped(consumer));
    }
}
