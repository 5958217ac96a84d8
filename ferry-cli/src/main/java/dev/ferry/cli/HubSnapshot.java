package dev.ferry.cli;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.hub.kafka.HubSettings;
import dev.ferry.hub.kafka.KafkaHubData;

/**
 * The hub's data, read once for a one-shot command ({@code ferry topics}, {@code ferry apps}): the
 * same code as the web hub, on the cluster {@code --bootstrap-server}, the profile or the dev
 * broker names, with the profile's client settings and catalog topics.
 */
final class HubSnapshot {

    private HubSnapshot() {
    }

    /** Loads the cluster's topics, groups and catalog once; close it after use. */
    static KafkaHubData load(FerryCommand root, Cluster cluster) {
        PlatformProfile profile = cluster.profile() != null ? cluster.profile()
                : Profiles.load(root.env, root.workDir, null);
        HubSettings settings = HubSettings.of(profile);
        settings = new HubSettings(settings.metadataInterval(), settings.ratesInterval(), settings.lineageInterval(),
                settings.lagWindow(), settings.maxAgeFetches(), settings.samplesPerTopic(), settings.maxSampleBytes(),
                settings.maxSampleTopics(), cluster.timeout(), settings.statusTopic(), settings.announceTopic(),
                settings.auditTopic());
        try {
            return KafkaHubData.loadOnce(cluster.bootstrapServers(), profile, settings);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage() + " (the cluster from " + cluster.describe() + ")");
        }
    }
}
