package dev.ferry.proxy;

import dev.ferry.proxy.wire.WireRecord;
import dev.ferry.proxy.wire.WriteReply;
import dev.ferry.proxy.wire.WriteRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One app consumer's write stream: takes its batches in order (so a key's outputs are sent in the
 * order the app made them), judges each ({@link WritePolicy}), sends what passes with the proxy's
 * idempotent producer ({@code acks=all}) and answers each batch once the broker acknowledged all of
 * its records. Back-pressure: the stream asks gRPC for at most {@code maxInFlight} batches beyond those
 * answered (manual flow control), so a client that sends faster than the cluster takes is held back
 * by HTTP/2 flow control, not buffered here.
 */
final class WriteStream implements StreamObserver<WriteRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(WriteStream.class);

    private final String app;
    private final WritePolicy policy;
    private final Producer<byte[], byte[]> producer;
    private final ServerCallStreamObserver<WriteReply> replies;
    private final ProxyMetrics metrics;

    WriteStream(String app, WritePolicy policy, Producer<byte[], byte[]> producer,
                ServerCallStreamObserver<WriteReply> replies, int maxInFlight, ProxyMetrics metrics) {
        this.app = app;
        this.metrics = metrics;
        this.policy = policy;
        this.producer = producer;
        this.replies = replies;
        replies.disableAutoRequest();
        replies.request(maxInFlight);
    }

    @Override
    public void onNext(WriteRequest request) {
        long started = System.nanoTime();
        WritePolicy.Verdict verdict;
        try {
            verdict = policy.judge(app, request.sequence(), request.records());
        } catch (RuntimeException e) {
            LOG.error("app '{}': batch {} could not be judged", app, request.sequence(), e);
            reply(WriteReply.failed(request.sequence(), "the proxy failed on the batch: " + e), started, 0);
            return;
        }
        if (verdict.reply() != null) {
            if (verdict.reply().outcome() == WriteReply.Outcome.REJECTED) {
                LOG.info("app '{}': rejected a batch, record {}: {} ({})", app, verdict.reply().index(),
                        verdict.reply().message(), verdict.reply().rule());
                metrics.rejected(app, verdict.reply().rule());
            }
            reply(verdict.reply(), started, 0);
            return;
        }
        send(request.sequence(), verdict.records(), started);
    }

    private void send(long sequence, List<WireRecord> records, long started) {
        if (records.isEmpty()) {
            reply(WriteReply.written(sequence), started, 0);
            return;
        }
        AtomicInteger remaining = new AtomicInteger(records.size());
        AtomicReference<String> failure = new AtomicReference<>();
        for (WireRecord r : records) {
            try {
                producer.send(record(r), (meta, e) -> acked(sequence, remaining, failure, r, e, started, records.size()));
            } catch (KafkaException e) {
                acked(sequence, remaining, failure, r, e, started, records.size());
            }
        }
    }

    private void acked(long sequence, AtomicInteger remaining, AtomicReference<String> failure, WireRecord r,
                       Exception e, long started, int records) {
        if (e != null) {
            failure.compareAndSet(null, "topic '" + r.topic() + "' did not take the record: " + e);
        }
        if (remaining.decrementAndGet() == 0) {
            reply(failure.get() == null ? WriteReply.written(sequence) : WriteReply.failed(sequence, failure.get()),
                    started, failure.get() == null ? records : 0);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(WireRecord r) {
        RecordHeaders headers = new RecordHeaders();
        for (WireRecord.Header h : r.headers()) {
            headers.add(h.name(), h.value());
        }
        return new ProducerRecord<>(r.topic(), null, null, r.key(), r.value(), headers);
    }

    /**
     * Answers one batch and takes one more, counting it ({@code accepted} records written): replies
     * come from gRPC's and the producer's threads.
     */
    private void reply(WriteReply reply, long started, int accepted) {
        if (accepted > 0) {
            metrics.accepted(app, accepted);
        }
        metrics.batch(app, reply.outcome().name().toLowerCase(java.util.Locale.ROOT),
                java.time.Duration.ofNanos(System.nanoTime() - started));
        synchronized (replies) {
            if (replies.isCancelled()) {
                return;
            }
            try {
                replies.onNext(reply);
                replies.request(1);
            } catch (RuntimeException e) {
                LOG.debug("app '{}': the stream closed before batch {} was answered", app, reply.sequence(), e);
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        LOG.debug("app '{}': write stream ended: {}", app, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        synchronized (replies) {
            if (!replies.isCancelled()) {
                replies.onCompleted();
            }
        }
    }
}
