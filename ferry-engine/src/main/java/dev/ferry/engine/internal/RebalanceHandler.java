package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Partition;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps commits, pauses and the sink right across rebalances; runs on the poll thread, inside
 * {@code poll}. Before partitions with work in flight are revoked, it starts nothing more, lets the
 * work running finish (bounded by the shutdown timeout), commits what is complete, and gives up the
 * rest: partitions that stay go back to their first event not completed, revoked ones are processed
 * again by their next owner. Lost partitions are never committed. Assigned partitions are paused at
 * once while the consumer may fetch nothing, and sought to the offsets a sink keeps, if it keeps them.
 */
final class RebalanceHandler implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(RebalanceHandler.class);

    private final ConsumerLoop loop;
    private final ConsumerLoop.Parts parts;

    RebalanceHandler(ConsumerLoop loop) {
        this.loop = loop;
        this.parts = loop.parts();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        loop.contact().checkNow();
        loop.lag().release(revoked);
        parts.group().update(loop.consumer().groupMetadata());
        Pipeline p = loop.pipeline();
        if (loop.settled() || !p.tracker().pendingIn(revoked)) {
            loop.committer().commitCompleted(p.tracker(), true);
        } else if (!loop.settle(p)) {
            p.stopStarting();
            boolean finished = loop.quiet(p);
            loop.committer().commitCompleted(p.tracker(), true);
            if (!finished) {
                LOG.warn("app '{}': partitions {} are being revoked while their events are still in flight after {}; "
                        + "abandoning the work in flight (it will be processed again)", parts.app(), revoked,
                        dev.ferry.engine.Durations.format(parts.shutdownTimeout()));
            }
            loop.abandon(p, revoked);
        }
        loop.bounds().commitJumps(loop.pipeline().tracker(), parts.shutdownTimeout());
        int owned = gone(p, revoked, false);
        if (!revoked.isEmpty()) {
            LOG.info("app '{}': consumer {} gave up {} partition(s) {}: {}; it owns {} now", parts.app(), parts.index(),
                    revoked.size(), loop.state() == LoopState.DRAINING ? "as it stops" : "in a rebalance", list(revoked),
                    owned);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        loop.contact().checkNow();
        loop.lag().release(lost);
        parts.group().update(loop.consumer().groupMetadata());
        Pipeline p = loop.pipeline();
        boolean inFlight = !loop.settled() && p.tracker().pendingIn(lost);
        if (inFlight && !loop.settle(p)) {
            loop.abandon(p, lost);
        }
        int owned = gone(p, lost, true);
        if (!lost.isEmpty()) {
            LOG.warn("app '{}': consumer {} lost {} partition(s): {}; the group had given them to others, as it does when "
                    + "it has not heard from a consumer for its session timeout (e.g. the cluster could not be reached), so "
                    + "nothing more of them is committed here{}; it owns {} now", parts.app(), parts.index(), lost.size(),
                    list(lost), inFlight ? " and their events in flight will be processed again by their next owner" : "",
                    owned);
        }
    }

    /** Forgets partitions given up, tells the sink and the listeners; returns how many the consumer still owns. */
    private int gone(Pipeline p, Collection<TopicPartition> partitions, boolean lost) {
        p.tracker().release(partitions);
        loop.replay().release(partitions);
        loop.bounds().release(partitions);
        List<Partition> named = named(partitions);
        parts.writer().sink().close(named);
        int owned = Math.max(0, loop.consumer().assignment().size() - (int) partitions.stream()
                .filter(loop.consumer().assignment()::contains).count());
        parts.listeners().revoked(parts.index(), named, lost, owned);
        return owned;
    }

    /** Partitions as {@code topic-partition}, in order. */
    private static String list(Collection<TopicPartition> partitions) {
        return partitions.stream().sorted(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition)).map(TopicPartition::toString)
                .collect(Collectors.joining(", "));
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        loop.contact().checkNow();
        loop.flow().assigned(assigned, loop.state() == LoopState.HALTED);
        List<Partition> named = named(assigned);
        Map<Partition, Long> stored = parts.writer().sink().open(named);
        stored.forEach((partition, offset) -> {
            TopicPartition tp = new TopicPartition(partition.topic(), partition.partition());
            if (assigned.contains(tp)) {
                loop.consumer().seek(tp, offset);
            }
        });
        parts.group().update(loop.consumer().groupMetadata());
        int owned = loop.consumer().assignment().size();
        parts.listeners().assigned(parts.index(), named, owned);
        if (!assigned.isEmpty()) {
            LOG.info("app '{}': consumer {} was assigned {} partition(s): {}; it owns {} now", parts.app(), parts.index(),
                    assigned.size(), list(assigned), owned);
        }
    }

    private static List<Partition> named(Collection<TopicPartition> partitions) {
        return partitions.stream().map(tp -> new Partition(tp.topic(), tp.partition())).toList();
    }
}
