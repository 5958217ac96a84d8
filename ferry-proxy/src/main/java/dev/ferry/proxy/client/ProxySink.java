package dev.ferry.proxy.client;

import dev.ferry.engine.Durations;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import dev.ferry.engine.spi.StoreAvailability;
import dev.ferry.proxy.wire.ProxyProtocol;
import dev.ferry.proxy.wire.WireRecord;
import dev.ferry.proxy.wire.WriteReply;
import dev.ferry.proxy.wire.WriteRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's sink when the profile says {@code write-back: proxy}: each write is one batch on
 * the consumer's gRPC stream to the proxy, and completes when the proxy answers that the broker has
 * every record, so the consumer commits input offsets only after the proxy's acknowledgement. One
 * stream keeps the batches in order (a key's outputs are written in the order they were made), and
 * several are in flight at once, up to {@code max-in-flight}; a write beyond that waits for a slot,
 * which holds the app's worker back.
 *
 * <p>A rejection (the record broke a rule of the proxy's) fails the write at the {@code output}
 * stage, pinned to the input event the record was made from, with the proxy's rule in the message:
 * not retried, it halts or dead-letters at that event. A failed write the proxy reports (the cluster
 * did not take it) fails at the {@code write} stage, retried by the engine as a direct write is. A
 * proxy that cannot be reached, or answers no batch within {@code timeout}, is an outage the sink
 * waits out, as a sink with a store of its own does: the writes do not fail; the app is not ready
 * meanwhile ({@link StoreAvailability}), and the sink opens a new stream with backoff (100 ms
 * doubling to 5 s) and sends again every batch not answered, in order, so nothing is lost or
 * reordered (a batch the proxy wrote but could not answer is written twice: at-least-once). A stream
 * the proxy refuses (the token was withdrawn) fails its batches at the {@code write} stage.
 */
final class ProxySink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(ProxySink.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Set<Status.Code> REFUSED = Set.of(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED,
            Status.Code.INVALID_ARGUMENT, Status.Code.UNIMPLEMENTED);

    private final ManagedChannel channel;
    private final String address;
    private final String owner;
    private final Duration timeout;
    private final Semaphore slots;
    private final StoreAvailability store;
    private final Object lock = new Object();
    /** Batches sent (or to be sent again) and not yet answered, by sequence number: their order on the stream. */
    private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService timer;
    private Stream stream;
    private long sequence;
    private boolean recovering;
    private Duration backoff = FIRST_BACKOFF;
    private volatile boolean closed;

    ProxySink(ManagedChannel channel, String address, String owner, Duration timeout, int maxInFlight,
              StoreAvailability store) {
        this.channel = channel;
        this.address = address;
        this.owner = owner;
        this.timeout = timeout;
        this.slots = new Semaphore(maxInFlight);
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-proxy-sink-timer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletionStage<Void> write(SinkBatch batch) {
        List<OutputRecord> outputs = batch.outputs();
        if (outputs.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return CompletableFuture.failedFuture(writeFailure("the sink is closing", null));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(writeFailure("interrupted while waiting to send", e));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((v, e) -> slots.release());
        List<WireRecord> records = new ArrayList<>(outputs.size());
        outputs.forEach(r -> records.add(wire(r)));
        synchronized (lock) {
            long seq = ++sequence;
            Pending p = new Pending(new WriteRequest(seq, records), outputs, done);
            pending.put(seq, p);
            if (!recovering) {
                if (stream == null) {
                    stream = new Stream();
                }
                stream.send(p);
            }
        }
        return done;
    }

    /**
     * The record as the proxy takes it: the function's headers as UTF-8, then the engine's (lineage) in
     * place of any of the function's with the same name, as the direct sink writes them.
     */
    private static WireRecord wire(OutputRecord r) {
        List<WireRecord.Header> headers = new ArrayList<>(r.headers().size() + r.lineage().size());
        r.headers().forEach((k, v) -> {
            if (!r.addsHeader(k)) {
                headers.add(new WireRecord.Header(k, v.getBytes(StandardCharsets.UTF_8)));
            }
        });
        for (Event.Header h : r.lineage()) {
            headers.add(new WireRecord.Header(h.name(), h.value()));
        }
        return new WireRecord(r.topic(), r.key(), r.value(), headers);
    }

    private ProcessingException writeFailure(String why, Throwable cause) {
        return new ProcessingException(ProcessingException.Stage.WRITE, "write-back proxy at " + address + ": " + why,
                cause);
    }

    private void answered(WriteReply reply) {
        Pending p = pending.remove(reply.sequence());
        if (p == null) {
            return; // answered already, on a stream before a reconnect
        }
        store.available();
        synchronized (lock) {
            backoff = FIRST_BACKOFF;
        }
        switch (reply.outcome()) {
            case WRITTEN -> p.done.complete(null);
            case REJECTED -> p.done.completeExceptionally(rejected(p.outputs, reply));
            case FAILED -> p.done.completeExceptionally(writeFailure("the write failed: " + reply.message(), null));
            default -> throw new IllegalStateException("unknown outcome " + reply.outcome());
        }
    }

    private ProcessingException rejected(List<OutputRecord> outputs, WriteReply reply) {
        int i = reply.index();
        if (i < 0 || i >= outputs.size()) {
            return new ProcessingException(ProcessingException.Stage.OUTPUT, "write-back proxy at " + address
                    + " rejected the batch (rule '" + reply.rule() + "'): " + reply.message(), null);
        }
        OutputRecord r = outputs.get(i);
        return new ProcessingException(ProcessingException.Stage.OUTPUT, r.input(), "write-back proxy at " + address
                + " rejected output topic '" + r.topic() + "' event " + r.index() + " (rule '" + reply.rule() + "'): "
                + reply.message(), null);
    }

    /** A stream ended: a refusal fails its batches; anything else is waited out, sending them again later. */
    private void broken(Stream s, Status status) {
        String why = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        synchronized (lock) {
            if (stream != s || closed) {
                return;
            }
            stream = null;
            if (REFUSED.contains(status.getCode())) {
                failAll(writeFailure("the proxy refused the stream: " + why, status.asException()));
                return;
            }
            recovering = true;
            Duration wait = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            if (!pending.isEmpty()) {
                LOG.warn("{}: the write-back proxy at {} does not answer ({}); sending {} batch(es) again in {} ms, "
                        + "until it does", owner, address, why, pending.size(), wait.toMillis());
            }
            timer.schedule(this::resend, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        s.cancel(status);
        store.unavailable("write-back proxy at " + address + ": " + why);
    }

    private void resend() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            recovering = false;
            Stream s = new Stream();
            stream = s;
            for (Pending p : pending.values()) {
                s.send(p);
            }
        }
    }

    private void failAll(ProcessingException failure) {
        for (Long seq : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(seq);
            if (p != null) {
                p.done.completeExceptionally(failure);
            }
        }
    }

    @Override
    public void close() {
        close(timeout);
    }

    /**
     * Waits up to {@code timeout} for the batches in flight to be answered, then ends the stream and
     * the channel; the batches still unanswered are given up (their input events are not committed).
     */
    @Override
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<?>[] all = pending.values().stream().map(p -> p.done).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(all).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            // given up below
        }
        int gaveUp = pending.values().stream().mapToInt(p -> p.outputs.size()).sum();
        Stream s;
        synchronized (lock) {
            closed = true;
            s = stream;
            stream = null;
        }
        failAll(writeFailure("the sink closed before the proxy answered", null));
        timer.shutdownNow();
        if (s != null) {
            s.end();
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
        if (gaveUp > 0) {
            LOG.warn("{} stopping: gave up {} output(s) that the write-back proxy at {} had not acknowledged within {}; "
                    + "their input events are not committed and will be processed again", owner, gaveUp, address,
                    Durations.format(timeout));
        }
    }

    /** A batch sent and not yet answered. */
    private record Pending(WriteRequest request, List<OutputRecord> outputs, CompletableFuture<Void> done) {
    }

    /** One stream to the proxy. */
    private final class Stream implements StreamObserver<WriteReply> {
        private final StreamObserver<WriteRequest> requests;

        Stream() {
            requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(ProxyProtocol.WRITE, CallOptions.DEFAULT),
                    this);
        }

        /** Sends a batch (under the sink's lock, so batches go in order) and watches for its answer. */
        void send(Pending p) {
            try {
                requests.onNext(p.request);
            } catch (RuntimeException e) {
                timer.execute(() -> broken(this, Status.fromThrowable(e)));
                return;
            }
            timer.schedule(() -> {
                if (pending.get(p.request.sequence()) == p) {
                    broken(this, Status.DEADLINE_EXCEEDED.withDescription("batch " + p.request.sequence()
                            + " had no answer within " + Durations.format(timeout) + " (plugins.proxy.timeout)"));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void onNext(WriteReply reply) {
            answered(reply);
        }

        @Override
        public void onError(Throwable t) {
            broken(this, Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            broken(this, Status.UNAVAILABLE.withDescription("the proxy ended the stream"));
        }

        /** Ends the call from this side, if it is not over. */
        void cancel(Status status) {
            try {
                requests.onError(status.asException());
            } catch (RuntimeException ignored) {
                // already ended
            }
        }

        void end() {
            try {
                requests.onCompleted();
            } catch (RuntimeException ignored) {
                // already ended
            }
        }
    }
}
