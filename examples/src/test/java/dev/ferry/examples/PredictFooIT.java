package dev.ferry.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's integration test ("3. Test it"), as it is printed there: no topic is created by
 * hand, since {@link TestKafka#produce} and {@link TestKafka#start} create the ones missing. Named
 * {@code *IT} on purpose: Ferry's build runs such classes in {@code mvn test} too.
 */
class PredictFooIT {

    // tag::readme-integration-test[]
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void predicts() {
        TestKafka kafka = KAFKA.client();
        kafka.produce("client.signed_up", List.of("{\"client\": 7}"));
        try (RunningApp app = kafka.start(PredictFoo.class)) {
            await().until(() -> app.status().consumed() == 1);
        }
        assertThat(kafka.readAllValues("predict.topic", Duration.ofSeconds(10))).hasSize(1); // the whole topic
    }
    // end::readme-integration-test[]

    /**
     * The README's snippet waits with Awaitility's default, 10 s; a build machine that is busy
     * (a broker start took 21 s on one) gets a minute, without changing the snippet's text.
     */
    @BeforeAll
    static void waitLongerOnABusyMachine() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void restoreTheDefaultWait() {
        Awaitility.reset();
    }

    @Test
    void the_topics_the_test_did_not_create_exist_with_one_partition() {
        TestKafka kafka = KAFKA.client();
        kafka.produce("client.signed_up.twice", List.of("{\"client\": 1}", "{\"client\": 2}"));

        assertThat(kafka.endOffsets("client.signed_up.twice")).hasSize(1);
        assertThat(kafka.readAllValues("client.signed_up.twice", Duration.ofSeconds(10)))
                .containsExactly("{\"client\": 1}", "{\"client\": 2}");
    }
}
