package dev.ferry.it;

import static dev.ferry.it.IdEvents.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.StartupException;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once on a cluster whose transaction coordinator cannot work (its state log asks for more
 * replicas than there are brokers) fails at start, within the start-up timeout and before anything
 * is consumed, rather than in a consumer thread once the producer gives up after 60 s.
 */
class TransactionsUnavailableTest {

    public record Echo(int id) { }

    public static class NeedsTransactions {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Ferry(app = "eos-no-transactions", topics = "no-transactions.in", start = Start.BEGINNING,
                outputs = @Output(topic = "no-transactions.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            CALLS.incrementAndGet();
            return events;
        }
    }

    @Test
    void exactly_once_fails_at_start_naming_the_guarantee_the_cluster_and_what_to_do() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .brokerProperty("transaction.state.log.replication.factor", "3")
                .brokerProperty("transaction.state.log.min.isr", "2")
                .start()) {
            TestKafka kafka = new TestKafka(broker.bootstrapServers());
            broker.createTopic("no-transactions.in", 1);
            broker.createTopic("no-transactions.out", 1);
            kafka.produce("no-transactions.in", ids(0, 10));
            PlatformProfile profile = kafka.profile().toBuilder().set("guarantee", "exactly-once")
                    .set("startup-timeout", "3s").build();

            long started = System.nanoTime();
            assertThatThrownBy(() -> FerryEngine.start(AppDescriptor.of(NeedsTransactions.class), profile))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("app 'eos-no-transactions': the guarantee exactly-once (code: guarantee) "
                            + "needs Kafka transactions, but the cluster at '" + broker.bootstrapServers() + "' has no "
                            + "transaction coordinator available within 3s (startup-timeout)")
                    .hasMessageContaining("transaction.state.log.replication.factor")
                    .hasMessageEndingWith("or choose guarantee: at-least-once in the profile");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));

            assertThat(NeedsTransactions.CALLS).hasValue(0);
            assertThat(kafka.committedOffsets("eos-no-transactions")).isEmpty();
        }
    }
}
