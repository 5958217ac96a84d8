package dev.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * A listener added with {@code Builder.listener}: its own port and protocol beside the plaintext
 * one (which stays the inter-broker listener), its settings by Kafka's {@code listener.name.*}
 * names, and its address kept across a restart.
 */
class ExtraListenerTest {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required ";

    @Test
    void a_sasl_listener_beside_the_plaintext_one_takes_its_users_and_keeps_its_port_across_a_restart() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .listener("SASL", "SASL_PLAINTEXT")
                .brokerProperty("listener.name.sasl.sasl.enabled.mechanisms", "PLAIN")
                .brokerProperty("listener.name.sasl.plain.sasl.jaas.config", PLAIN + "user_app=\"app-secret\";")
                .start()) {
            String sasl = broker.bootstrapServers("SASL");
            assertThat(sasl).matches("localhost:\\d+").isNotEqualTo(broker.bootstrapServers());
            assertThat(clusterNodes(sasl)).isEqualTo(1);

            broker.restart();

            assertThat(broker.bootstrapServers("SASL")).isEqualTo(sasl);
            assertThat(clusterNodes(sasl)).isEqualTo(1);
        }
    }

    private static int clusterNodes(String servers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN + "username=\"app\" password=\"app-secret\";"))) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        }
    }

    @Test
    void a_listener_name_that_is_not_kafkas_form_or_is_taken_is_refused() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().listener("sasl", "SASL_SSL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A listener name must be upper-case letters, digits and '_', and neither PLAINTEXT nor "
                        + "CONTROLLER, not 'sasl'.");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().listener("CONTROLLER", "SSL"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asking_for_a_listener_the_broker_does_not_have_names_those_it_has() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            assertThatThrownBy(() -> broker.bootstrapServers("TLS")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("The embedded Kafka broker has no listener 'TLS'; it has [] besides its plaintext one.");
        }
    }
}
