package dev.ferry.engine.internal.kafka;

import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outputs directly to the cluster with an idempotent producer ({@code acks=all}): every
 * record is sent at once and the write completes, on the producer's I/O thread, when the last
 * acknowledgement arrives, so that the next batch overlaps this one's round trip. The idempotent
 * producer keeps successive writes in order. The consumer commits the input offsets.
 *
 * <p>It counts the outputs handed to it and not yet acknowledged, those whose send failed as the
 * consumer stopped included (a send blocks while the cluster is gone, until the stop interrupts
 * it), so that a close says how many outputs it gave up.
 */
final class KafkaSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

    private final Producer<byte[], byte[]> producer;
    private final Duration closeTimeout;
    private final String owner;
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private volatile boolean closing;

    /**
     * A sink over a producer it owns and closes within {@code closeTimeout} (unless told otherwise);
     * {@code owner} names it in the log, e.g. {@code app 'predict-foo': consumer 0}.
     */
    KafkaSink(Producer<byte[], byte[]> producer, Duration closeTimeout, String owner) {
        this.producer = producer;
        this.closeTimeout = closeTimeout;
        this.owner = owner;
    }

    @Override
    public CompletionStage<Void> write(SinkBatch batch) {
        List<OutputRecord> records = batch.outputs();
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(records.size());
        AtomicReference<ProcessingException> failure = new AtomicReference<>();
        unacknowledged.addAndGet(records.size()); // all of them at once, however far the sends below get
        for (OutputRecord r : records) {
            try {
                producer.send(toProducerRecord(r), (meta, e) -> {
                    settled(e);
                    if (e != null) {
                        failure.compareAndSet(null, failed(r, e));
                    }
                    if (remaining.decrementAndGet() == 0) {
                        finish(done, failure.get());
                    }
                });
            } catch (KafkaException e) {
                settled(e);
                failure.compareAndSet(null, failed(r, e));
                if (remaining.decrementAndGet() == 0) {
                    finish(done, failure.get());
                }
            }
        }
        return done;
    }

    /**
     * An output's send ended: acknowledged, or failed as a write failure the engine handles. One that
     * failed because the consumer is stopping (the producer closing, the worker interrupted) stays
     * counted as given up.
     */
    private void settled(Exception e) {
        if (e == null || !(closing || e instanceof InterruptException)) {
            unacknowledged.decrementAndGet();
        }
    }

    private static void finish(CompletableFuture<Void> done, ProcessingException failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    /**
     * The Kafka record of an output: the function's headers encoded as UTF-8, then the engine's
     * (lineage) as they are, in place of any of the function's with the same name.
     */
    static ProducerRecord<byte[], byte[]> toProducerRecord(OutputRecord r) {
        RecordHeaders headers = new RecordHeaders();
        if (!r.headers().isEmpty()) {
            r.headers().forEach((k, v) -> {
                if (!r.addsHeader(k)) {
                    headers.add(k, v.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        for (Event.Header h : r.lineage()) {
            headers.add(h.name(), h.value());
        }
        return new ProducerRecord<>(r.topic(), null, null, r.key(), r.value(), headers);
    }

    private static ProcessingException failed(OutputRecord r, Throwable cause) {
        return new ProcessingException(ProcessingException.Stage.WRITE, "output topic '" + r.topic() + "' event "
                + r.index() + " could not be written: " + cause + AuthorizationHint.of(cause), cause);
    }

    @Override
    public void close() {
        close(closeTimeout);
    }

    /**
     * Waits up to {@code timeout} for the outputs sent to be acknowledged, then closes the producer,
     * dropping the rest; says how many it dropped (their input events were not committed).
     */
    @Override
    public void close(Duration timeout) {
        closing = true;
        try {
            producer.close(timeout);
        } finally {
            int gaveUp = unacknowledged.get();
            if (gaveUp > 0) {
                LOG.warn("{} stopping: gave up {} output(s) that the cluster had not acknowledged within {}; their "
                        + "input events are not committed and will be processed again", owner, gaveUp,
                        dev.ferry.engine.Durations.format(timeout));
            }
        }
    }
}
