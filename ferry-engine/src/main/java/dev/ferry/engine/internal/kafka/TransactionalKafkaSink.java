package dev.ferry.engine.internal.kafka;

import dev.ferry.engine.Durations;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.NotOwnerException;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes outputs and commits the offsets of the inputs that made them in one Kafka transaction
 * (exactly-once). One transaction per call, so a batch's cost is amortised over its events. On any
 * failure the transaction is aborted; if it cannot be aborted (the producer was fenced) the
 * producer is replaced before the next call. Either way the call throws and nothing of it is
 * visible to read_committed readers.
 *
 * <p>Two kinds of failure. A failure that says this consumer may no longer own its partitions (the
 * group rebalanced, or another producer took over the transactional id) is not the events' fault:
 * it fails with {@link NotOwnerException}, so the runner gives the batch up as on a
 * revocation (no retry attempt is counted, nothing halts or is dead-lettered) and the events are
 * processed again by whoever owns them. Any other failure is a {@link ProcessingException} whose
 * message carries the root cause.
 */
final class TransactionalKafkaSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalKafkaSink.class);

    /** What a transaction left open after a stop means. */
    private static final String LEFT_TO_THE_BROKER = "the broker aborts it after transaction.timeout.ms; until then "
            + "read_committed readers of its output partitions and the group's offsets wait, and its events, not "
            + "committed, will be processed again";

    /** What a rebalance-related failure means, for logs and messages. */
    static final String REBALANCED = "the group rebalanced, this consumer no longer owns the partition (or holds a "
            + "stale generation of it); the transaction was aborted and its events will be processed by their owner";

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final Supplier<ConsumerGroupMetadata> group;
    private final Duration closeTimeout;
    private final String owner;
    private volatile Producer<byte[], byte[]> producer;
    private volatile boolean open;
    /** A transaction was begun and neither committed nor aborted: the broker still has it open. */
    private volatile boolean leftOpen;
    private volatile boolean closed;

    /**
     * A writer whose producers come from {@code factory} (transactional, not yet initialised) and
     * whose offsets are committed for the group described by {@code group}. {@link #close()} gives
     * an open transaction up to {@code closeTimeout} to abort.
     */
    public TransactionalKafkaSink(Supplier<Producer<byte[], byte[]>> factory, Supplier<ConsumerGroupMetadata> group,
                                     Duration closeTimeout) {
        this(factory, group, closeTimeout, "the exactly-once sink");
    }

    /** The same, named in the log as {@code owner}, e.g. {@code app 'predict-foo': consumer 0}. */
    TransactionalKafkaSink(Supplier<Producer<byte[], byte[]>> factory, Supplier<ConsumerGroupMetadata> group,
                           Duration closeTimeout, String owner) {
        this.factory = factory;
        this.group = group;
        this.closeTimeout = closeTimeout;
        this.owner = owner;
        this.producer = newProducer();
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> p = factory.get();
        try {
            p.initTransactions(); // aborts a transaction a predecessor with this id left open
        } catch (RuntimeException e) {
            closeQuietly(p, Duration.ZERO);
            throw e;
        }
        leftOpen = false;
        return p;
    }

    /** Its offsets go to the group in each write's transaction. */
    @Override
    public Offsets offsets() {
        return Offsets.GROUP_TRANSACTION;
    }

    /** Runs the whole transaction now, in the calling thread; the stage is complete when this returns. */
    @Override
    public CompletionStage<Void> write(SinkBatch batch) {
        try {
            write(batch.outputs(), batch.consumed());
            return CompletableFuture.completedFuture(null);
        } catch (ProcessingException | NotOwnerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized void write(List<OutputRecord> records, List<Event> consumed)
            throws ProcessingException, NotOwnerException {
        if (closed) {
            throw new NotOwnerException("the writer is closed; the app is stopping", null);
        }
        AtomicReference<String> failedSend = new AtomicReference<>();
        Producer<byte[], byte[]> p;
        try {
            p = producer();
        } catch (KafkaException | IllegalStateException e) {
            throw failure("no transactional producer could be started", e, null);
        }
        try {
            open = true;
            leftOpen = true;
            p.beginTransaction();
            for (OutputRecord r : records) {
                p.send(KafkaSink.toProducerRecord(r), (meta, e) -> {
                    if (e != null) {
                        failedSend.compareAndSet(null, "output topic '" + r.topic() + "' event " + r.index());
                    }
                });
            }
            if (!consumed.isEmpty()) {
                p.sendOffsetsToTransaction(offsets(consumed), group.get());
            }
            p.commitTransaction();
            open = false;
            leftOpen = false;
        } catch (KafkaException | IllegalStateException e) {
            abort(p);
            throw failure("the transaction was aborted, nothing of it is visible", e, failedSend.get());
        }
    }

    /**
     * The failure of these events, to be thrown; or, when it is not their fault (ownership lost, or
     * the app is stopping), throws the abandonment of the batch instead.
     */
    private ProcessingException failure(String what, RuntimeException e, String failedSend) throws NotOwnerException {
        String meaning = ownershipLost(e);
        if (meaning != null) {
            LOG.warn("{}: {} ({})", what, meaning, rootCause(e));
            throw new NotOwnerException(what + ": " + meaning + " (" + rootCause(e) + ")", e);
        }
        if (closed || hasCause(e, InterruptException.class)) {
            throw new NotOwnerException(what + ": the app is stopping (" + rootCause(e) + ")", e);
        }
        return new ProcessingException(ProcessingException.Stage.WRITE,
                what + ": " + (failedSend != null ? failedSend + " could not be written: " : "") + rootCause(e)
                        + AuthorizationHint.of(e), e);
    }

    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> p = producer;
        if (p == null) {
            p = newProducer();
            producer = p;
        }
        return p;
    }

    private void abort(Producer<byte[], byte[]> p) {
        try {
            p.abortTransaction();
            open = false;
            leftOpen = false;
        } catch (KafkaException | IllegalStateException e) {
            if (hasCause(e, InterruptException.class)) {
                LOG.debug("{}: interrupted aborting the transaction ({}); replacing the producer", owner, rootCause(e));
            } else {
                LOG.warn("{}: cannot abort the transaction ({}); replacing the producer", owner, rootCause(e));
            }
            open = false;
            producer = null;
            closeQuietly(p, Duration.ZERO);
        }
    }

    /**
     * What {@code e} means if it says this consumer may have lost its partitions, or null if it is
     * some other failure. Looks through the whole cause chain: the producer wraps the first error of
     * a transaction in the exceptions of its later calls.
     */
    static String ownershipLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException) {
                return "the producer was fenced: its transaction ran past transaction.timeout.ms and the coordinator "
                        + "aborted it, or another producer with the same transactional id started (this instance was "
                        + "replaced, e.g. restarted with the same instance-id); the transaction was aborted and its "
                        + "events will be processed again";
            }
            if (t instanceof InvalidProducerEpochException) {
                return "the transaction coordinator bumped this producer's epoch (the transaction ran past "
                        + "transaction.timeout.ms, or the producer was replaced); the transaction was aborted and its "
                        + "events will be processed again";
            }
            if (t instanceof CommitFailedException || t instanceof IllegalGenerationException
                    || t instanceof UnknownMemberIdException || t instanceof RebalanceInProgressException
                    || t instanceof FencedInstanceIdException || t instanceof StaleMemberEpochException
                    || t instanceof FencedMemberEpochException) {
                return REBALANCED;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause as {@code SimpleName: message}: the producer's wrappers say little. */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String s = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return t == e || e.getMessage() == null || e.getMessage().contains(String.valueOf(t.getMessage()))
                ? s : s + " (in: " + e.getMessage() + ")";
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(List<Event> consumed) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Event r : consumed) {
            out.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return out;
    }

    /**
     * Aborts an open transaction, waiting at most the close timeout, then closes the producer, so
     * that a stop that abandons a batch never leaves a transaction blocking read_committed readers
     * until it times out. Does not wait for a write in progress: a write that is still running
     * fails, and its transaction is aborted here or by the broker.
     */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /** {@link #close()} within {@code timeout}; says whether it aborted an open transaction or left it to the broker. */
    @Override
    public void close(Duration timeout) {
        closed = true;
        Producer<byte[], byte[]> p = producer;
        if (p == null) {
            if (leftOpen) {
                LOG.warn("{} stopping: could not abort the open transaction (its producer was closed); {}", owner,
                        LEFT_TO_THE_BROKER);
            }
            return;
        }
        Duration left = timeout;
        if (open) {
            long started = System.nanoTime();
            CompletableFuture<Void> aborting = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    p.abortTransaction();
                    aborting.complete(null);
                } catch (RuntimeException e) {
                    aborting.completeExceptionally(e);
                }
            }, "ferry-transaction-abort");
            t.setDaemon(true);
            t.start();
            try {
                aborting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                open = false;
                leftOpen = false;
                LOG.info("{} stopping: aborted the open transaction; none of its outputs is visible to read_committed "
                        + "readers, and its events are not committed and will be processed again", owner);
            } catch (TimeoutException e) {
                LOG.warn("{} stopping: could not abort the open transaction within {}; {}", owner,
                        Durations.format(timeout), LEFT_TO_THE_BROKER);
            } catch (ExecutionException e) {
                LOG.warn("{} stopping: could not abort the open transaction ({}); {}", owner, rootCause(e.getCause()),
                        LEFT_TO_THE_BROKER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            left = timeout.minusNanos(System.nanoTime() - started);
            if (left.isNegative()) {
                left = Duration.ZERO;
            }
        }
        closeQuietly(p, left);
    }

    private static void closeQuietly(Producer<byte[], byte[]> p, Duration timeout) {
        try {
            p.close(timeout);
        } catch (RuntimeException e) {
            LOG.debug("closing the producer: {}", e.toString());
        }
    }
}
