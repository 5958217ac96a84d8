package dev.ferry.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writes outputs directly to the cluster with an idempotent producer ({@code acks=all}), flushing
 * and waiting for every acknowledgement before returning.
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


    private static ProcessingException failed(OutRecord r, Throwable cause) {
        return new ProcessingException(ProcessingException.Stage.WRITE, "output topic '" + r.topic() + "' event "
                + r.index() + " could not be written: " + cause, cause);
    }

    @Override
    public void close() {
        producer.close();
    }
}
