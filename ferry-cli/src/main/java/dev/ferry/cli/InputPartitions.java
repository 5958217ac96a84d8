package dev.ferry.cli;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;

/**
 * How many partitions an app's input topics have, summed (one consumer group shares them all),
 * read from the profile's cluster with Kafka's Admin client at deploy time.
 */
final class InputPartitions {

    private InputPartitions() {
    }

    static int count(AppDescriptor app, PlatformProfile profile) {
        Cluster cluster = new Cluster(profile.bootstrapServers(), profile.sourceOf("admin", "bootstrap.servers"), false,
                profile);
        int sum = 0;
        for (String topic : app.topics()) {
            try {
                sum += Topics.partitions(cluster, topic, false);
            } catch (CliException e) {
                throw new CliException(e.getMessage() + "; ferry deploy reads the partitions of app '" + app.name()
                        + "''s input topics there: pass --partitions N to deploy without asking the cluster", e);
            }
        }
        return sum;
    }
}
