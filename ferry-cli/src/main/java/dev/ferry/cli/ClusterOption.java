package dev.ferry.cli;

import picocli.CommandLine.Option;

/** The {@code --bootstrap-server} option of the commands that talk to a cluster: one definition, one text. */
final class ClusterOption {

    @Option(names = {"--bootstrap-server", "-b"}, paramLabel = "B",
            description = "The Kafka cluster (default: the platform profile's, else the dev broker in .ferry/bootstrap).")
    String bootstrapServer;

    /** The cluster this option, the profile or the dev broker names, in that order. */
    Cluster resolve(FerryCommand root) {
        return Cluster.resolve(bootstrapServer, root);
    }
}
