package dev.ferry.benchmark;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The harder baseline: the at-least-once loop the best engineer writes with kafka-clients alone, without
 * waiting for the broker between batches. Each polled event is transformed and sent at once; the send's
 * callback (on the producer's I/O thread) marks that input offset acknowledged. After every poll, the loop
 * commits asynchronously, per input partition, the offset after the last event of an unbroken run of
 * acknowledged ones, so a commit never passes an event whose output is not yet acknowledged (outputs of one
 * input partition land on several output partitions, so their acknowledgements come out of order).
 * Backpressure is the producer's: {@code send} blocks while its buffer is full. A failed send stops the
 * loop without committing past it. {@link #copying} is the same loop writing every value unchanged: what the
 * broker and the clients allow on this machine.
 */
final class PipelinedLoop implements ContenderRunner {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String outputTopic;
    private final UnaryOperator<byte[]> transform;
    private final Map<TopicPartition, ArrayDeque<Pending>> pending = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** One sent event: its input offset, and whether its output was acknowledged (written by the I/O thread). */
    private static final class Pending {
        final long offset;
        volatile boolean acked;

        Pending(long offset) {
            this.offset = offset;
        }
    }

    private PipelinedLoop(RunSpec spec, UnaryOperator<byte[]> transform, String threadName) {
        this.transform = transform;
        consumer = new KafkaConsumer<>(ClientSettings.consumer(spec.bootstrap(), spec.group()));
        producer = new KafkaProducer<>(ClientSettings.producer(spec.bootstrap()));
        outputTopic = spec.outputTopic();
        consumer.subscribe(List.of(spec.inputTopic()));
        thread = new Thread(this::run, threadName);
    }

    /** The benchmark's pipeline ({@link Enrichment}), pipelined. */
    static ContenderRunner enriching(RunSpec spec) {
        return started(new PipelinedLoop(spec, Enrichment.load()::apply, "kafka-clients-pipelined"));
    }

    /** Every input value written unchanged, pipelined. */
    static ContenderRunner copying(RunSpec spec) {
        return started(new PipelinedLoop(spec, value -> value, "raw-copy"));
    }

    private static ContenderRunner started(PipelinedLoop loop) {
        loop.thread.start();
        return loop;
    }

    private void run() {
        try {
            while (running && failure == null) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    Progress.firstEvent();
                    send(records);
                }
                commitAcknowledged();
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            producer.close();
            commitAcknowledged();
            consumer.close();
        }
    }

    private void send(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            ArrayDeque<Pending> queue = pending.computeIfAbsent(tp, p -> new ArrayDeque<>());
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                Pending p = new Pending(r.offset());
                queue.addLast(p);
                producer.send(new ProducerRecord<>(outputTopic, r.key(), transform.apply(r.value())), (md, e) -> {
                    if (e != null) {
                        failure = e;
                    } else {
                        p.acked = true;
                    }
                });
            }
        }
    }

    /** Commits, per partition, past the unbroken run of acknowledged events at the head of its queue. */
    private void commitAcknowledged() {
        if (failure != null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        pending.forEach((tp, queue) -> {
            long next = -1;
            while (!queue.isEmpty() && queue.peekFirst().acked) {
                next = queue.pollFirst().offset + 1;
            }
            if (next >= 0) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        });
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    failure = e;
                }
            });
        }
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
