package dev.ferry.materialize;

import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import dev.ferry.engine.spi.StoreAvailability;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's sink of a materialization: reads back the rows its function emitted, hands each
 * batch to the target's {@link RowWriter}, and sends dead letters (the profile's {@code poison-policy:
 * dead-letter}) to their Kafka topic before the rows are written, so none is lost (a dead letter may be
 * sent twice if the app dies between the two).
 *
 * <p>A store that is away (the writer calls the failure {@linkplain RowWriter#isTransient transient})
 * does not fail the batch: the write is retried with backoff, from 100 ms doubling to 5 s, until the
 * store answers or the sink is closed, logging each failure once per minute at most; meanwhile the app
 * is not ready (the sink says so through {@link StoreAvailability}, from the first transient failure to
 * the next success of a write or of {@link #open}). Any other failure
 * fails the batch as a {@code WRITE} failure, which the engine retries and narrows down to its event.
 *
 * <p>Threads: the engine calls {@link #write} one batch at a time when the writer stores offsets (and
 * from one worker with concurrency 1 otherwise), {@link #open} from the poll thread; both hold the lock.
 */
final class MaterializeSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(MaterializeSink.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String app;
    private final RowWriter writer;
    private final Optional<String> deadLetterTopic;
    private final Map<String, Object> producerConfig;
    private final Duration shutdownTimeout;
    private final StoreAvailability store;
    private final CountDownLatch closing = new CountDownLatch(1);
    private KafkaProducer<byte[], byte[]> producer;
    private long lastLogged;

    MaterializeSink(String app, RowWriter writer, Optional<String> deadLetterTopic,
                    Map<String, Object> producerConfig, Duration shutdownTimeout, StoreAvailability store) {
        this.app = app;
        this.writer = writer;
        this.deadLetterTopic = deadLetterTopic;
        this.producerConfig = new HashMap<>(producerConfig);
        this.producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.shutdownTimeout = shutdownTimeout;
        this.store = store;
    }

    @Override
    public Offsets offsets() {
        return writer.storesOffsets() ? Offsets.STORE : Offsets.CONSUMER;
    }

    @Override
    public synchronized Map<Partition, Long> open(Collection<Partition> partitions) {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                Map<Partition, Long> stored = writer.open(partitions);
                store.available();
                return stored;
            } catch (Exception e) {
                if (!writer.isTransient(e) || !waitAfter(e, "prepare the store for partitions " + partitions, backoff)) {
                    throw new IllegalStateException("app '" + app + "' cannot materialize: " + message(e), e);
                }
                backoff = next(backoff);
            }
        }
    }

    @Override
    public synchronized CompletionStage<Void> write(SinkBatch batch) {
        List<Row> rows = new ArrayList<>(batch.outputs().size());
        List<OutputRecord> deadLetters = new ArrayList<>();
        try {
            for (OutputRecord o : batch.outputs()) {
                if (deadLetterTopic.isPresent() && deadLetterTopic.get().equals(o.topic())) {
                    deadLetters.add(o);
                } else {
                    rows.add(row(o));
                }
            }
            sendDeadLetters(deadLetters);
        } catch (RuntimeException e) {
            return failed(batch, "cannot take the rows of " + batch.consumed().size() + " event(s): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(batch, "interrupted while dead-lettering", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return failed(batch, "could not dead-letter " + deadLetters.size() + " event(s) to '"
                    + deadLetterTopic.orElse("") + "': " + e.getMessage(), e);
        }
        Map<Partition, Long> offsets = batch.nextOffsets();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                writer.write(rows, offsets);
                store.available();
                return CompletableFuture.completedFuture(null);
            } catch (Exception e) {
                if (writer.waitsForChange(e)) {
                    if (!waitAfter(e, "write " + rows.size() + " row(s)", backoff, "cannot write to its table")) {
                        return failed(batch, "could not write " + rows.size() + " row(s): " + message(e), e);
                    }
                    backoff = next(backoff);
                    continue;
                }
                if (!writer.isTransient(e) || !waitAfter(e, "write " + rows.size() + " row(s)", backoff)) {
                    return failed(batch, "could not write " + rows.size() + " row(s): " + message(e), e);
                }
                backoff = next(backoff);
            }
        }
    }

    /** The row the function emitted, which the engine hands over as it is ({@link RowFormat}). */
    private static Row row(OutputRecord o) {
        if (o.object() instanceof Row row) {
            return row;
        }
        throw new IllegalArgumentException("output " + o.index() + " to '" + o.topic() + "' is not a materialized row "
                + "handed over in this process (format " + RowFormat.NAME + ") but "
                + (o.object() == null ? o.value().length + " bytes" : o.object().getClass().getName()));
    }

    private void sendDeadLetters(List<OutputRecord> deadLetters) throws InterruptedException,
            java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        if (deadLetters.isEmpty()) {
            return;
        }
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig);
        }
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (OutputRecord o : deadLetters) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(o.topic(), o.key(), o.value());
            o.headers().forEach((k, v) -> r.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
            o.lineage().forEach(h -> r.headers().add(new RecordHeader(h.name(), h.value())));
            sent.add(producer.send(r));
        }
        for (java.util.concurrent.Future<?> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits out a transient failure; false if the sink closed meanwhile. */
    private boolean waitAfter(Exception e, String what, Duration backoff) {
        return waitAfter(e, what, backoff, null);
    }

    /**
     * Waits out a failure, the app not ready meanwhile; {@code conflict} (else null) says the store does
     * not fit the rows, rather than not answering. False if the sink closed meanwhile.
     */
    private boolean waitAfter(Exception e, String what, Duration backoff, String conflict) {
        store.unavailable("could not " + what + ": " + message(e));
        long now = System.nanoTime();
        if (lastLogged == 0 || now - lastLogged > TimeUnit.MINUTES.toNanos(1)) {
            lastLogged = now;
            if (conflict == null) {
                LOG.warn("app '{}': the store is not answering; could not {} ({}); retrying every {} ms or less until "
                        + "it does", app, what, message(e), MAX_BACKOFF.toMillis());
            } else {
                LOG.warn("app '{}' {}: {}; nothing after it is written, and the app is not ready, until the table "
                        + "fits (retrying every {} ms or less)", app, conflict, message(e), MAX_BACKOFF.toMillis());
            }
        }
        try {
            return !closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration next(Duration backoff) {
        Duration d = backoff.multipliedBy(2);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private CompletionStage<Void> failed(SinkBatch batch, String message, Throwable cause) {
        Event first = batch.consumed().isEmpty() ? null : batch.consumed().get(0);
        LOG.debug("app '{}': batch from {} failed: {}", app, first == null ? "-" : first.position(), message);
        return CompletableFuture.failedFuture(new ProcessingException(ProcessingException.Stage.WRITE,
                "materialize " + message, cause));
    }

    static String message(Throwable e) {
        Throwable t = e;
        if (t instanceof java.sql.SQLException sql && sql.getNextException() != null) {
            t = sql.getNextException();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        close(shutdownTimeout);
    }

    @Override
    public void close(Duration timeout) {
        closing.countDown();
        synchronized (this) {
            writer.close();
            if (producer != null) {
                producer.close(timeout);
            }
        }
    }
}
