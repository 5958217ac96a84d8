package dev.ferry.cli;

import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, with the Kafka client and Java versions it runs on. */
final class FerryVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = FerryVersion.class.getPackage().getImplementationVersion();
        return new String[] {
            "ferry " + (version == null ? "(development build)" : version),
            "Kafka clients " + AppInfoParser.getVersion() + ", Java " + Runtime.version()
        };
    }
}
