package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.ferry.api.Ferry;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whoever reads a starting app's log learns first which cluster it connects to and where that
 * address came from, so that an app pointed at another cluster than its owner believes says so at once.
 */
class ClusterAddressLogTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    public static class Quiet {
        @Ferry(app = "cluster-address", topics = "cluster-address.in")
        public static void run(List<String> events) {
        }
    }

    @Test
    void the_first_line_a_starting_app_logs_names_its_cluster_and_where_the_address_came_from() {
        KAFKA.createTopic("cluster-address.in", 1);
        PlatformProfile profile = PlatformProfile.builder().environment(Map.of(
                "FERRY_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(), "FERRY_STARTUP_TIMEOUT", "10s")).build();
        String me = Thread.currentThread().getName();

        List<String> startLog;
        try (CapturedLog log = CapturedLog.start();
             RunningApp app = FerryEngine.start(AppDescriptor.of(Quiet.class), profile)) {
            startLog = log.events().stream().filter(e -> e.getThreadName().equals(me))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        assertThat(startLog).as("what starting the app logged").isNotEmpty();
        assertThat(startLog.get(0)).isEqualTo("app 'cluster-address' connects to Kafka at '" + KAFKA.bootstrapServers()
                + "' (bootstrap.servers from environment variable FERRY_KAFKA_BOOTSTRAP_SERVERS)");
    }
}
