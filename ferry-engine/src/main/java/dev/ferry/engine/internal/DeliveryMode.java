package dev.ferry.engine.internal;

import dev.ferry.engine.Guarantee;
import dev.ferry.engine.spi.Sink;

/**
 * Everything that differs between the delivery guarantees, in one place; the pipeline, the loop and
 * the committer are otherwise the same for all three. Exactly-once is the same pipeline with a
 * transaction as its unit of work: its sink commits each unit's offsets with its outputs, so every
 * write is waited for in input order and the consumer commits nothing itself.
 *
 * @param commits           who commits the input offsets, and when
 * @param waitForEachWrite  whether every write is waited for before the next of its key, with
 *                          failures narrowed down where they happen (a sink that owns offsets)
 * @param oneBatchAtATime   whether the consumer fetches no more while a batch is in flight, so a
 *                          crash skips at most one batch (at-most-once)
 * @param haltOnBrokenWrite whether outputs written without waiting that then fail halt the consumer
 *                          rather than being gone back over (at-most-once never runs an event twice)
 */
record DeliveryMode(Commits commits, boolean waitForEachWrite, boolean oneBatchAtATime, boolean haltOnBrokenWrite) {

    /** Who commits the input offsets, and when. */
    enum Commits {
        /** The consumer, once every output of an event is durable (at-least-once). */
        AFTER_COMPLETION,
        /** The consumer, before the function runs (at-most-once). */
        BEFORE_RUNNING,
        /** The sink, with the outputs (exactly-once); the consumer commits nothing. */
        BY_SINK
    }

    /** The mode of a guarantee with a sink; the engine checked at start-up that the two go together. */
    static DeliveryMode of(Guarantee guarantee, Sink.Offsets offsets) {
        boolean sinkOwns = offsets != Sink.Offsets.CONSUMER;
        return switch (guarantee) {
            case AT_MOST_ONCE -> new DeliveryMode(Commits.BEFORE_RUNNING, false, true, true);
            case AT_LEAST_ONCE, EXACTLY_ONCE -> new DeliveryMode(
                    offsets == Sink.Offsets.GROUP_TRANSACTION ? Commits.BY_SINK : Commits.AFTER_COMPLETION,
                    sinkOwns, false, false);
        };
    }
}
