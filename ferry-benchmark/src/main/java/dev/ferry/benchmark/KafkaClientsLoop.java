package dev.ferry.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The honest baseline: the at-least-once loop a careful engineer writes with kafka-clients alone.
 * Poll a batch, transform each event ({@link Enrichment}), send them all, flush, wait for every
 * acknowledgement, then commit exactly the batch's offsets. A failed send stops the loop without
 * committing, so the batch is read again after a restart.
 */
final class KafkaClientsLoop implements ContenderRunner {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String outputTopic;
    private final UnaryOperator<byte[]> transform;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private KafkaClientsLoop(RunSpec spec, UnaryOperator<byte[]> transform) {
        this.transform = transform;
        consumer = new KafkaConsumer<>(ClientSettings.consumer(spec.bootstrap(), spec.group()));
        producer = new KafkaProducer<>(ClientSettings.producer(spec.bootstrap()));
        outputTopic = spec.outputTopic();
        consumer.subscribe(List.of(spec.inputTopic()));
        thread = new Thread(this::run, "kafka-clients-loop");
    }

    static ContenderRunner start(RunSpec spec) {
        return started(new KafkaClientsLoop(spec, Enrichment.load()::apply));
    }

    /** The same loop writing every event unchanged: the slow scenario's warm-up of a fresh broker. */
    static ContenderRunner copying(RunSpec spec) {
        return started(new KafkaClientsLoop(spec, value -> value));
    }

    private static ContenderRunner started(KafkaClientsLoop loop) {
        loop.thread.start();
        return loop;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    Progress.firstEvent();
                    process(records);
                    consumer.commitSync(nextOffsets(records));
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException | ExecutionException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
            producer.close();
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) throws ExecutionException, InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            acks.add(producer.send(new ProducerRecord<>(outputTopic, r.key(), transform.apply(r.value()))));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    @Override
    public Optional<String> failure() {
        Throwable f = failure;
        return f == null ? Optional.empty() : Optional.of("the loop stopped: " + f);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
