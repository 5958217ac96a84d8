package dev.ferry.hub;

import java.util.List;
import java.util.Optional;

/**
 * Everything the hub shows, read from one Kafka cluster: its topics with their rates, consumer
 * groups with their lag, the catalog of Ferry apps from their announcements and status reports,
 * and the lineage of apps and topics with each chain's measured latency. The web pages, the REST
 * API under {@code /api} and the CLI's {@code ferry topics} and {@code ferry apps} all read this
 * one interface, so they cannot disagree. Implementations are safe for concurrent use and bound
 * their load on the cluster (see {@code docs/hub.md}).
 */
public interface HubData {

    /** Every topic, internal ones flagged, sorted by name. */
    List<TopicSummary> topics();

    /** One topic in detail, or empty if there is no such topic. */
    Optional<TopicDetail> topic(String name);

    /**
     * Recent events of a topic, newest first.
     *
     * @throws IllegalArgumentException naming the problem, if the topic or partition does not exist
     *                                  or the request is out of range
     */
    List<PeekedEvent> peek(String topic, PeekRequest request);

    /** Every consumer group with its lag and verdict, sorted by group id. */
    List<GroupView> consumers();

    /** One consumer group, or empty if there is no such group. */
    Optional<GroupView> consumer(String group);

    /** The catalog: every Ferry app announced on the cluster, sorted by name. */
    List<AppView> apps();

    /** One app of the catalog, or empty if it never announced itself. */
    Optional<AppView> app(String name);

    /** The graph of topics and apps, and each chain with its latency. */
    LineageView lineage();
}
