package dev.ferry.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes outputs directly to the cluster with an idempotent producer ({@code acks=all}): either
 * flushing and waiting for every acknowledgement ({@link #write}), or sending and reporting the
 * acknowledgements later ({@link #writeAsync}), so that the next batch overlaps this one's round trip.
 */
public final class KafkaOutputWriter implements OutputWriter {

    private final Producer<byte[], byte[]> producer;

    /** A writer over a producer it owns and closes. */
    public KafkaOutputWriter(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    @Override
    public void write(List<OutRecord> records) throws ProcessingException {
        if (records.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (OutRecord r : records) {
            try {
                acks.add(producer.send(r.toProducerRecord()));
            } catch (KafkaException e) {
                throw failed(r, e);
            }
        }
        producer.flush();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (ExecutionException e) {
                throw failed(records.get(i), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(records.get(i), e);
            }
        }
    }

    /**
     * Sends every record now and calls {@code done} from the producer's I/O thread when the last
     * acknowledgement arrives (or at once, for none). The idempotent producer keeps them in order.
     */
    @Override
    public void writeAsync(List<OutRecord> records, Consumer<ProcessingException> done) {
        if (records.isEmpty()) {
            done.accept(null);
            return;
        }
        AtomicInteger remaining = new AtomicInteger(records.size());
        AtomicReference<ProcessingException> failure = new AtomicReference<>();
        for (OutRecord r : records) {
            try {
                producer.send(r.toProducerRecord(), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, failed(r, e));
                    }
                    if (remaining.decrementAndGet() == 0) {
                        done.accept(failure.get());
                    }
                });
            } catch (KafkaException e) {
                failure.compareAndSet(null, failed(r, e));
                if (remaining.decrementAndGet() == 0) {
                    done.accept(failure.get());
                }
            }
        }
    }

    private static ProcessingException failed(OutRecord r, Throwable cause) {
        return new ProcessingException(ProcessingException.Stage.WRITE, "output topic '" + r.topic() + "' event "
                + r.index() + " could not be written: " + cause, cause);
    }

    @Override
    public void close() {
        producer.close();
    }
}
