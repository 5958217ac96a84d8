package dev.ferry.benchmark;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides when a contender is done, the same way for all of them: when its consumer group has
 * committed offsets covering every input event. With at-least-once that is the point where nothing
 * would be processed again after a crash, i.e. where outputs are acknowledged and offsets committed.
 */
final class CommitWatcher implements AutoCloseable {

    /**
     * How often it asks, at first: every 20 ms. It then asks every thousandth of the time it has waited (at
     * most every 500 ms), so "done" stays within 0.1% of the run while a long run (the slow scenario's
     * one-at-a-time contender, 4 minutes) does not spend its CPU on the watcher: at a fixed 20 ms, this
     * admin client and its thread cost that contender's JVM about 5% of a core, half of its CPU.
     */
    private static final long MIN_POLL_NANOS = Duration.ofMillis(20).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(500).toNanos();

    private final Admin admin;
    private final RunSpec spec;

    CommitWatcher(RunSpec spec) {
        this.spec = spec;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "ferry-benchmark-commit-watcher"));
    }

    /**
     * Returns once the group has committed {@link RunSpec#events()} input events.
     *
     * @throws IllegalStateException as soon as {@code failure} reports that the contender cannot finish
     */
    void awaitAllCommitted(Supplier<Optional<String>> failure) throws InterruptedException {
        long started = System.nanoTime();
        while (committed() < spec.events()) {
            Optional<String> why = failure.get();
            if (why.isPresent()) {
                throw new IllegalStateException(why.get() + " (committed " + committed() + " of " + spec.events() + ")");
            }
            LockSupport.parkNanos(pollNanos(System.nanoTime() - started));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Input events the group has committed so far: the sum of its committed offsets on the input topic. */
    long committed() throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(spec.group())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(spec.inputTopic()) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** How long to wait before asking again, having waited {@code waitedNanos}. */
    static long pollNanos(long waitedNanos) {
        return Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, waitedNanos / 1000));
    }
}
