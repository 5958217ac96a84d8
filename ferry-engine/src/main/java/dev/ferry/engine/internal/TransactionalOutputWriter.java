package dev.ferry.engine.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outputs and commits the offsets of the inputs that made them in one Kafka transaction
 * (exactly-once). One transaction per call, so a batch's cost is amortised over its events. On any
 * failure the transaction is aborted; if it cannot be aborted (the producer was fenced) the
 * producer is replaced. Either way the call throws and nothing of it is visible to read_committed
 * readers.
 */
public final class TransactionalOutputWriter implements OutputWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalOutputWriter.class);

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final Supplier<ConsumerGroupMetadata> group;
    private Producer<byte[], byte[]> producer;

    /**
     * A writer whose producers come from {@code factory} (transactional, not yet initialised) and
     * whose offsets are committed for the group described by {@code group}.
     */
    public TransactionalOutputWriter(Supplier<Producer<byte[], byte[]>> factory, Supplier<ConsumerGroupMetadata> group) {
        this.factory = factory;
        this.group = group;
        this.producer = newProducer();
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> p = factory.get();
        p.initTransactions();
        return p;
    }

    @Override
    public void write(List<OutRecord> records) throws ProcessingException {
        write(records, List.of());
    }

    @Override
    public synchronized void write(List<OutRecord> records, List<InRecord> consumed) throws ProcessingException {
        AtomicReference<String> failed = new AtomicReference<>();
        try {
            producer.beginTransaction();
            for (OutRecord r : records) {
                producer.send(r.toProducerRecord(), (meta, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, "output topic '" + r.topic() + "' event " + r.index() + ": " + e);
                    }
                });
            }
            if (!consumed.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets(consumed), group.get());
            }
            producer.commitTransaction();
        } catch (KafkaException | IllegalStateException e) {
            abort();
            String which = failed.get() != null ? failed.get() : e.toString();
            throw new ProcessingException(ProcessingException.Stage.WRITE,
                    "the transaction was aborted, nothing of it is visible: " + which, e);
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("cannot abort the transaction ({}); replacing the producer", e.toString());
            try {
                producer.close();
            } catch (KafkaException ignored) {
                // replaced below either way
            }
            producer = newProducer();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(List<InRecord> consumed) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (InRecord r : consumed) {
            out.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return out;
    }


    @Override
    public synchronized void close() {
        producer.close();
    }
}
