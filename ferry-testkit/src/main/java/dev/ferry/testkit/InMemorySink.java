package dev.ferry.testkit;

import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps what the pipeline wrote in memory, for the test kit: each write at once durable. Writes of
 * sub-batches that ran at once arrive in any order; {@link #written()} puts them in the order of
 * their first input event, so a run's outputs come out the same every time.
 */
final class InMemorySink implements Sink {

    private record Write(long firstOffset, int partition, List<OutputRecord> outputs) {
    }

    private final List<Write> writes = new ArrayList<>();

    @Override
    public synchronized CompletionStage<Void> write(SinkBatch batch) {
        Event first = batch.consumed().isEmpty() ? null : batch.consumed().get(0);
        writes.add(new Write(first == null ? -1 : first.offset(), first == null ? -1 : first.partition(),
                List.copyOf(batch.outputs())));
        return CompletableFuture.completedFuture(null);
    }

    /** Every output written, writes ordered by their first input event. */
    synchronized List<OutputRecord> written() {
        List<Write> sorted = new ArrayList<>(writes);
        sorted.sort(Comparator.comparingInt(Write::partition).thenComparingLong(Write::firstOffset));
        List<OutputRecord> out = new ArrayList<>();
        sorted.forEach(w -> out.addAll(w.outputs()));
        return out;
    }

    synchronized void clear() {
        writes.clear();
    }

    @Override
    public void close() {
    }
}
