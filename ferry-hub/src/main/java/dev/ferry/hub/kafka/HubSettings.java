package dev.ferry.hub.kafka;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.PlatformProfile;
import java.time.Duration;
import java.util.Objects;

/**
 * How often the hub refreshes what it serves, and how much it may read: the knobs that bound its
 * load on the cluster (see {@code docs/hub.md}). Not profile keys: a hub is one process per
 * cluster, and its defaults suit a cluster of thousands of topics.
 *
 * @param metadataInterval   topics, partitions, offsets, sizes, groups and committed offsets: default 10 s
 * @param ratesInterval      the offsets a minute and an hour ago, for the rates: default 30 s
 * @param lineageInterval    sampling lineage headers of the chains' topics: default 30 s
 * @param lagWindow          lag samples per partition the hub's own verdict looks at (one per metadata
 *                           refresh): default {@value AppStatus#LAG_WINDOW}
 * @param maxAgeFetches      records read per metadata refresh to age the oldest unprocessed event of
 *                           lagging partitions (the rest keep their last age until their turn): default 200
 * @param samplesPerTopic    newest events sampled per topic of a chain, per lineage round: default 200
 * @param maxSampleBytes     bytes read per lineage round, over all topics: default 4 MiB
 * @param maxSampleTopics    topics sampled per lineage round: default 50
 * @param timeout            how long one request may take: the profile's startup-timeout
 * @param statusTopic        the status topic, or empty for none: the profile's {@code status.topic}
 * @param announceTopic      the announcement topic, or empty for none: the profile's {@code announce.topic}
 *                           (default {@value #DEFAULT_ANNOUNCE_TOPIC})
 * @param auditTopic         the audit topic: the profile's {@code audit.topic}
 */
public record HubSettings(Duration metadataInterval, Duration ratesInterval, Duration lineageInterval, int lagWindow,
                          int maxAgeFetches, int samplesPerTopic, long maxSampleBytes, int maxSampleTopics,
                          Duration timeout, String statusTopic, String announceTopic, String auditTopic) {

    /** The profile's default announcement topic. */
    public static final String DEFAULT_ANNOUNCE_TOPIC = "ferry.apps";

    /** Checks the values. */
    public HubSettings {
        positive(metadataInterval, "metadataInterval");
        positive(ratesInterval, "ratesInterval");
        positive(lineageInterval, "lineageInterval");
        positive(timeout, "timeout");
        if (lagWindow < 2) {
            throw new IllegalArgumentException("lagWindow must be at least 2 samples, got " + lagWindow);
        }
        if (maxAgeFetches < 0 || samplesPerTopic < 1 || maxSampleBytes < 1 || maxSampleTopics < 1) {
            throw new IllegalArgumentException("maxAgeFetches must be 0 or more, samplesPerTopic, maxSampleBytes and "
                    + "maxSampleTopics at least 1");
        }
        Objects.requireNonNull(statusTopic, "statusTopic");
        Objects.requireNonNull(announceTopic, "announceTopic");
        Objects.requireNonNull(auditTopic, "auditTopic");
    }

    /** The defaults, with the topics and timeout of {@code profile}. */
    public static HubSettings of(PlatformProfile profile) {
        return new HubSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
                AppStatus.LAG_WINDOW, 200, 200, 4L << 20, 50, profile.startupTimeout(),
                profile.statusTopic().orElse(""), profile.announceTopic().orElse(""), profile.auditTopic());
    }

    /** The same settings with other refresh intervals. */
    public HubSettings withIntervals(Duration metadata, Duration rates, Duration lineage) {
        return new HubSettings(metadata, rates, lineage, lagWindow, maxAgeFetches, samplesPerTopic, maxSampleBytes,
                maxSampleTopics, timeout, statusTopic, announceTopic, auditTopic);
    }

    /** The same settings with another lag window. */
    public HubSettings withLagWindow(int samples) {
        return new HubSettings(metadataInterval, ratesInterval, lineageInterval, samples, maxAgeFetches,
                samplesPerTopic, maxSampleBytes, maxSampleTopics, timeout, statusTopic, announceTopic, auditTopic);
    }

    /** The same settings reading the catalog from other topics. */
    public HubSettings withTopics(String status, String announce) {
        return new HubSettings(metadataInterval, ratesInterval, lineageInterval, lagWindow, maxAgeFetches,
                samplesPerTopic, maxSampleBytes, maxSampleTopics, timeout, status, announce, auditTopic);
    }

    /** The same settings with another audit topic. */
    public HubSettings withAuditTopic(String audit) {
        return new HubSettings(metadataInterval, ratesInterval, lineageInterval, lagWindow, maxAgeFetches,
                samplesPerTopic, maxSampleBytes, maxSampleTopics, timeout, statusTopic, announceTopic, audit);
    }

    /** Whether {@code topic} is one of Ferry's own (status, announcements, audit). */
    boolean isFerryTopic(String topic) {
        return topic.equals(statusTopic) || topic.equals(announceTopic) || topic.equals(auditTopic);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
