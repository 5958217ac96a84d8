package dev.ferry.engine.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.NotOwnerException;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once writer over kafka-clients' {@link MockProducer}, which keeps the transactional
 * state machine (begin, send, offsets, commit, abort, fencing) without a broker: what a failed
 * transaction reports, which failures are not the events' fault, and that close aborts.
 */
class TransactionalKafkaSinkTest {

    private static final Supplier<ConsumerGroupMetadata> GROUP = () -> new ConsumerGroupMetadata("app");

    private final List<MockProducer<byte[], byte[]>> made = new ArrayList<>();
    private final Deque<MockProducer<byte[], byte[]>> next = new ArrayDeque<>();

    private static MockProducer<byte[], byte[]> mock() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Producer<byte[], byte[]> make() {
        MockProducer<byte[], byte[]> p = next.isEmpty() ? mock() : next.poll();
        made.add(p);
        return p;
    }

    private TransactionalKafkaSink writer() {
        return new TransactionalKafkaSink(this::make, GROUP, Duration.ofSeconds(1));
    }

    private static List<OutputRecord> outputs(int n) {
        List<OutputRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new OutputRecord("out", i, null, ("{\"id\": " + i + "}").getBytes(StandardCharsets.UTF_8), Map.of()));
        }
        return out;
    }

    private static List<Event> inputs(int n) {
        List<Event> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in.add(Event.of("in", 0, 40 + i, 0L, null, new byte[0], List.of()));
        }
        return in;
    }

    /** Writes as the engine does, and throws what the write failed with. */
    private static void write(TransactionalKafkaSink sink, List<OutputRecord> outputs, List<Event> consumed)
            throws Exception {
        try {
            sink.write(new SinkBatch(outputs, consumed)).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void commits_outputs_and_the_next_offset_in_one_transaction() throws Exception {
        TransactionalKafkaSink writer = writer();

        write(writer, outputs(3), inputs(3));

        MockProducer<byte[], byte[]> p = made.get(0);
        assertThat(p.transactionCommitted()).isTrue();
        assertThat(p.history()).hasSize(3);
        assertThat(p.consumerGroupOffsetsHistory()).hasSize(1);
        assertThat(p.consumerGroupOffsetsHistory().get(0).get("app").values())
                .extracting(o -> o.offset()).containsExactly(43L);
    }

    @Test
    void a_failed_transaction_names_its_root_cause_not_the_producers_wrapper() {
        TransactionalKafkaSink writer = writer();
        MockProducer<byte[], byte[]> p = made.get(0);
        p.commitTransactionException = new KafkaException("Cannot execute transactional method because we are in an "
                + "error state", new RecordTooLargeException("The message is 2000123 bytes when serialized"));

        Throwable thrown = catchThrowable(() -> write(writer, outputs(2), inputs(2)));

        assertThat(thrown).isInstanceOf(ProcessingException.class);
        assertThat(((ProcessingException) thrown).stage()).isEqualTo(ProcessingException.Stage.WRITE);
        assertThat(thrown.getMessage()).startsWith("the transaction was aborted, nothing of it is visible: "
                + "RecordTooLargeException: The message is 2000123 bytes when serialized");
        assertThat(p.transactionAborted()).isTrue();
        assertThat(p.transactionCommitted()).isFalse();
    }

    @Test
    void a_stale_group_generation_abandons_the_batch_instead_of_failing_its_events() {
        TransactionalKafkaSink writer = writer();
        MockProducer<byte[], byte[]> p = made.get(0);
        p.sendOffsetsToTransactionException = new CommitFailedException("Transaction offset Commit failed due to "
                + "consumer group metadata mismatch: The coordinator is not aware of this member.");

        Throwable thrown = catchThrowable(() -> write(writer, outputs(2), inputs(2)));

        assertThat(thrown).isInstanceOf(NotOwnerException.class)
                .hasMessageContaining("the group rebalanced, this consumer no longer owns the partition")
                .hasMessageContaining("CommitFailedException: Transaction offset Commit failed");
        assertThat(p.transactionAborted()).isTrue();
        assertThat(p.transactionCommitted()).isFalse();
    }

    @Test
    void a_fenced_producer_abandons_the_batch_and_is_replaced_for_the_next_write() throws Exception {
        TransactionalKafkaSink writer = writer();
        MockProducer<byte[], byte[]> fenced = made.get(0);
        fenced.fenceProducer();

        Throwable thrown = catchThrowable(() -> write(writer, outputs(1), inputs(1)));
        write(writer, outputs(1), inputs(1));

        assertThat(thrown).isInstanceOf(NotOwnerException.class)
                .hasMessageContaining("another producer with the same transactional id started")
                .hasMessageContaining("ProducerFencedException");
        assertThat(fenced.closed()).isTrue();
        assertThat(made).hasSize(2);
        assertThat(made.get(1).transactionInitialized()).isTrue();
        assertThat(made.get(1).transactionCommitted()).isTrue();
    }

    @Test
    void close_aborts_a_transaction_left_open_by_a_write_in_progress() throws Exception {
        CountDownLatch inTransaction = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TransactionalKafkaSink writer = new TransactionalKafkaSink(this::make, () -> {
            inTransaction.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ConsumerGroupMetadata("app");
        }, Duration.ofSeconds(1));
        MockProducer<byte[], byte[]> p = made.get(0);
        CompletableFuture<Throwable> write = CompletableFuture.supplyAsync(() -> catchThrowable(
                () -> write(writer, outputs(2), inputs(2))));
        assertThat(inTransaction.await(5, TimeUnit.SECONDS)).as("the write is inside its transaction").isTrue();

        writer.close();
        release.countDown();

        assertThat(p.transactionAborted()).isTrue();
        assertThat(p.closed()).isTrue();
        assertThat(write.get(5, TimeUnit.SECONDS)).isInstanceOf(NotOwnerException.class)
                .hasMessageContaining("the app is stopping");
        assertThat(p.transactionCommitted()).isFalse();
        assertThat(made).as("no producer is started after close").hasSize(1);
    }

    @Test
    void close_gives_a_hanging_abort_no_more_than_the_close_timeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch inTransaction = new CountDownLatch(1);
        MockProducer<byte[], byte[]> hanging = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public void abortTransaction() {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        next.add(hanging);
        TransactionalKafkaSink writer = new TransactionalKafkaSink(this::make, () -> {
            inTransaction.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ConsumerGroupMetadata("app");
        }, Duration.ofMillis(200));
        Thread stuck = new Thread(() -> catchThrowable(() -> write(writer, outputs(1), inputs(1))));
        stuck.setDaemon(true);
        stuck.start();
        assertThat(inTransaction.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        writer.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(2)).until(hanging::closed);
        never.countDown();
    }
}
